namespace KinesisFlow.Consumer.Supervision;

/// <summary>
/// A resettable wake-up for one waiting loop: <see cref="Set"/> from any thread completes the current wait (several
/// sets before the loop looks count as one, which is all a "something changed, look again" signal needs).
/// </summary>
internal sealed class WakeSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Set() => Volatile.Read(ref _next).TrySetResult();

    /// <summary>Arms the signal again if it fired; a <see cref="Set"/> after this wakes the next wait.</summary>
    public void Reset()
    {
        var current = Volatile.Read(ref _next);
        if (current.Task.IsCompleted)
        {
            Interlocked.CompareExchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), current);
        }
    }

    public Task WaitAsync(CancellationToken cancellationToken) => Volatile.Read(ref _next).Task.WaitAsync(cancellationToken);
}
