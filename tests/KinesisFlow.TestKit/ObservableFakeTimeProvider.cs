using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace KinesisFlow.TestKit;

/// <summary>
/// A FakeTimeProvider that tells the test each timer the code under test starts (backoff delays, attempt timeouts),
/// so the test advances time exactly when the code waits, with no real sleeping.
/// </summary>
public sealed class ObservableFakeTimeProvider : FakeTimeProvider
{
    private readonly Channel<TimeSpan> _timers = Channel.CreateUnbounded<TimeSpan>();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        _timers.Writer.TryWrite(dueTime);
        return timer;
    }

    /// <summary>Waits (bounded, for the code under test to get there) for the next timer whose due time passes <paramref name="match"/>.</summary>
    public async Task<TimeSpan> NextTimerAsync(Func<TimeSpan, bool> match)
    {
        ArgumentNullException.ThrowIfNull(match);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var due = await _timers.Reader.ReadAsync(timeout.Token);
            if (match(due))
            {
                return due;
            }
        }
    }
}
