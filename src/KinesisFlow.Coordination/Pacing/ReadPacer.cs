using KinesisFlow.Coordination.Retries;

namespace KinesisFlow.Coordination.Pacing;

/// <summary>
/// Decides when one shard may be read next, so that polling stays within its <see cref="ReadBudget"/>.
/// Pure: time is a monotonic offset handed in by the caller (e.g. <c>TimeProvider.GetElapsedTime</c>), nothing sleeps.
/// One instance per shard; not thread-safe (a shard is read by one task).
/// </summary>
/// <remarks>
/// Four gates, the latest wins:
/// calls — a read starts at least 1/<see cref="ReadBudget.MaxReadsPerSecond"/> after the previous start, so no
/// one-second window holds more than the allowed calls;
/// bytes — every byte read books 1/<see cref="ReadBudget.MaxBytesPerSecond"/> seconds of the shard's byte budget, and
/// the next read waits until the booked time has passed (after a 10 MB answer, about 5 s, as Kinesis itself enforces);
/// idle — a caught-up shard waits <see cref="ReadBudget.IdleDelay"/>;
/// throttle — after ProvisionedThroughputExceeded, an <see cref="ExponentialBackoff"/> (full jitter, so that shards
/// throttled together do not come back together) that resets on the next successful read.
/// </remarks>
public sealed class ReadPacer
{
    private readonly ReadBudget _budget;
    private readonly ExponentialBackoff _throttleBackoff;
    private readonly Func<double> _draw;
    private readonly TimeSpan _callInterval;
    private TimeSpan _callGate;
    private TimeSpan _byteBudgetFreeAt;
    private TimeSpan _idleGate;
    private TimeSpan _throttleGate;
    private int _throttlesInARow;

    /// <param name="budget">The shard's read budget.</param>
    /// <param name="draw">Uniform draws in [0, 1) for the throttle backoff's jitter (<see cref="Random.Shared"/> when null); tests fix them.</param>
    public ReadPacer(ReadBudget budget, Func<double>? draw = null)
    {
        ArgumentNullException.ThrowIfNull(budget);
        var errors = budget.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(budget));
        }

        _budget = budget;
        _throttleBackoff = new ExponentialBackoff(budget.ThrottleBackoff, budget.MaxThrottleBackoff);
        _draw = draw ?? Random.Shared.NextDouble;
        _callInterval = TimeSpan.FromTicks((long)Math.Ceiling(TimeSpan.TicksPerSecond / budget.MaxReadsPerSecond));
    }

    /// <summary>The earliest monotonic time at which the next read may start.</summary>
    public TimeSpan NextReadAt => Max(Max(_callGate, _byteBudgetFreeAt), Max(_idleGate, _throttleGate));

    /// <summary>Throttled answers since the last successful read.</summary>
    public int ThrottlesInARow => _throttlesInARow;

    /// <summary>How long to wait at <paramref name="now"/> before the next read may start (zero when it may start now).</summary>
    public TimeSpan DelayBeforeNextRead(TimeSpan now)
    {
        var wait = NextReadAt - now;
        return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
    }

    /// <summary>A read (GetRecords call) starts at <paramref name="now"/>: it uses one call of the budget.</summary>
    public void OnReadStarted(TimeSpan now) => _callGate = now + _callInterval;

    /// <summary>
    /// A read finished at <paramref name="now"/> with <paramref name="bytes"/> of record data;
    /// <paramref name="caughtUp"/> when the answer was empty or the shard has no lag left.
    /// </summary>
    public void OnReadCompleted(TimeSpan now, long bytes, bool caughtUp)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        _throttlesInARow = 0;
        _throttleGate = TimeSpan.Zero;
        var booked = TimeSpan.FromTicks((long)Math.Ceiling(bytes * (double)TimeSpan.TicksPerSecond / _budget.MaxBytesPerSecond));
        _byteBudgetFreeAt = Max(_byteBudgetFreeAt, now) + booked;
        _idleGate = caughtUp ? now + _budget.IdleDelay : TimeSpan.Zero;
    }

    /// <summary>A read was refused at <paramref name="now"/> with ProvisionedThroughputExceeded: back off.</summary>
    public void OnThrottled(TimeSpan now)
    {
        _throttlesInARow++;
        _throttleGate = now + _throttleBackoff.DelayAfter(_throttlesInARow, _draw());
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
