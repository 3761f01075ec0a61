namespace KinesisFlow.TestKit;

/// <summary>
/// Polls a condition on something outside the test's control (an emulator, a child process) until it holds, within a
/// bounded time. Never use it to test timing: that goes through TimeProvider.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <exception cref="TimeoutException">The condition did not hold within <paramref name="timeout"/>; names <paramref name="what"/>.</exception>
    public static async Task WaitUntilAsync(
        Func<CancellationToken, Task<bool>> condition, TimeSpan timeout, string what, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            while (!await condition(deadline.Token))
            {
                await Task.Delay(PollInterval, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Timed out after {timeout} waiting for {what}.");
        }
    }

    /// <summary>Same, for a condition that needs no I/O.</summary>
    public static Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return WaitUntilAsync(_ => Task.FromResult(condition()), timeout, what, cancellationToken);
    }
}
