using System.Threading.Channels;

namespace KinesisFlow.Sinks;

/// <summary>
/// A sink that appends payloads to one byte stream (stdout, a file) with group commit: one loop writes every batch
/// waiting in the queue, flushes once, then acknowledges them all. Many shards share one flush instead of each paying
/// for its own, and nothing is acknowledged before its flush.
/// </summary>
internal abstract class AppendingSink : IEventSink
{
    // 64 waiting batches: enough for every shard of a busy worker to have one queued behind the current flush; when full,
    // SendAsync waits (never drops), which is how a slow disk slows reading.
    private const int QueueCapacity = 64;

    private readonly Channel<PendingAppend> _queue = Channel.CreateBounded<PendingAppend>(
        new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

    private readonly Task _loop;

    protected AppendingSink(string name, string outputFormat)
    {
        Name = name;
        OutputFormat = outputFormat;
        _loop = Task.Run(WriteLoopAsync);
    }

    public string Name { get; }

    public string OutputFormat { get; }

    public async ValueTask SendAsync(EventBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var pending = new PendingAppend(batch);
        await _queue.Writer.WriteAsync(pending, cancellationToken);

        // Once queued, the write goes ahead: no cancellation here, or the caller could recycle the batch's buffer while
        // the loop is still copying it. A local append takes milliseconds, so shutdown is not held up.
        await pending.Completion.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
        Close();
    }

    /// <summary>Appends bytes to the target (called from the one write loop only).</summary>
    protected abstract void Append(ReadOnlySpan<byte> payload);

    /// <summary>Makes everything appended so far durable as far as the sink promises (called from the write loop only).</summary>
    protected abstract void Commit();

    /// <summary>Releases the target once the loop has ended.</summary>
    protected abstract void Close();

    private async Task WriteLoopAsync()
    {
        var written = new List<PendingAppend>(QueueCapacity);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync())
        {
            Exception? failure = null;
            while (reader.TryRead(out var pending))
            {
                written.Add(pending);
                if (failure is null)
                {
                    try
                    {
                        Append(pending.Batch.Payload.Span);
                    }
                    catch (Exception exception)
                    {
                        failure = exception;
                    }
                }
            }

            if (failure is null)
            {
                try
                {
                    Commit();
                }
                catch (Exception exception)
                {
                    failure = exception;
                }
            }

            foreach (var pending in written)
            {
                if (failure is null)
                {
                    pending.Completion.TrySetResult();
                }
                else
                {
                    pending.Completion.TrySetException(failure);
                }
            }

            written.Clear();
        }
    }

    private sealed class PendingAppend(EventBatch batch)
    {
        public EventBatch Batch { get; } = batch;

        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
