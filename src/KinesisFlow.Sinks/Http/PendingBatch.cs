namespace KinesisFlow.Sinks;

/// <summary>
/// A batch inside an HTTP sink: the sink's own copy of it, and a count of what is still outstanding (one token while it
/// is being split into requests, plus one per request carrying some of its events). It completes when the count
/// reaches zero: every request answered 2xx or dead-lettered. Any failure fails it, so it is never acknowledged.
/// </summary>
internal sealed class PendingBatch : IDisposable
{
    private int _outstanding = 1;
    private Exception? _failure;

    public PendingBatch(EventBatch copy)
    {
        Batch = copy;
    }

    public EventBatch Batch { get; }

    public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A request now carries some of this batch's events.</summary>
    public void AddRequest() => Interlocked.Increment(ref _outstanding);

    /// <summary>Records a failure; the batch will fail once nothing is outstanding.</summary>
    public void Fail(Exception failure) => Interlocked.CompareExchange(ref _failure, failure, null);

    /// <summary>Releases one outstanding token (the splitting token, or a request's).</summary>
    public void Release()
    {
        if (Interlocked.Decrement(ref _outstanding) != 0)
        {
            return;
        }

        if (_failure is { } failure)
        {
            Completion.TrySetException(failure);
        }
        else
        {
            Completion.TrySetResult();
        }
    }

    /// <summary>Returns the copy's buffers once every event has been copied into requests.</summary>
    public void Dispose() => Batch.Dispose();
}
