using KinesisFlow.Sinks;

namespace KinesisFlow.TestKit.Fakes;

/// <summary>
/// A sink whose acknowledgements the test releases: every <see cref="SendAsync"/> is recorded as a
/// <see cref="PendingSend"/> and completes only when the test acknowledges or fails it (or, once
/// <see cref="AcknowledgeAll"/> switched it on, at once). Keeps <see cref="IEventSink"/>'s contract as the real sinks
/// do: it copies what it needs while the call is outstanding (the batch is the caller's again afterwards), honours
/// cancellation, and refuses sends after dispose.
/// </summary>
public sealed class ControllableSink(string name = "controllable", string outputFormat = OutputFormats.Json) : IEventSink
{
    private readonly Lock _gate = new();
    private readonly List<PendingSend> _sends = [];
    private TaskCompletionSource _sent = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _acknowledgeAll;
    private bool _disposed;

    public string Name { get; } = name;

    public string OutputFormat { get; } = outputFormat;

    /// <summary>Every send so far, in call order.</summary>
    public IReadOnlyList<PendingSend> Sends
    {
        get
        {
            lock (_gate)
            {
                return [.. _sends];
            }
        }
    }

    /// <summary>The sends not yet acknowledged or failed.</summary>
    public IReadOnlyList<PendingSend> Pending => [.. Sends.Where(send => !send.IsCompleted)];

    public ValueTask SendAsync(EventBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        PendingSend send;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (batch.Count == 0)
            {
                throw new InvalidOperationException("An empty batch was sent.");
            }

            send = new PendingSend(_sends.Count, batch);
            _sends.Add(send);
            if (_acknowledgeAll)
            {
                send.Acknowledge();
            }

            var sent = _sent;
            _sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            sent.TrySetResult();
        }

        return new ValueTask(send.Completion.WaitAsync(cancellationToken));
    }

    /// <summary>Acknowledges every pending send, and from now on every send at once.</summary>
    public void AcknowledgeAll()
    {
        lock (_gate)
        {
            _acknowledgeAll = true;
            foreach (var send in _sends)
            {
                send.Acknowledge();
            }
        }
    }

    /// <summary>From now on, sends wait for the test again.</summary>
    public void Hold()
    {
        lock (_gate)
        {
            _acknowledgeAll = false;
        }
    }

    /// <summary>Waits (bounded) until at least <paramref name="count"/> sends were made in all.</summary>
    public async Task WaitForSendsAsync(int count, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            Task sent;
            lock (_gate)
            {
                if (_sends.Count >= count)
                {
                    return;
                }

                sent = _sent.Task;
            }

            try
            {
                await sent.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{Name}: {Sends.Count} sends after {timeout}, waiting for {count}.");
            }
        }
    }

    /// <summary>True when a send holding the events of record <paramref name="sequenceNumber"/> of the shard was acknowledged.</summary>
    public bool HasAcknowledged(string shardId, string sequenceNumber) =>
        Sends.Any(send => send.IsAcknowledged && send.ShardId == shardId && send.SequenceNumbers.Contains(sequenceNumber));

    public ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _disposed = true;
        }

        return ValueTask.CompletedTask;
    }
}
