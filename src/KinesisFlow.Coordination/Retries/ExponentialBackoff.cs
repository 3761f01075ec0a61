namespace KinesisFlow.Coordination.Retries;

/// <summary>
/// The one retry wait of the service: capped exponential backoff with full jitter. After the n-th failure in a row
/// the wait is drawn uniformly from [0, min(<see cref="Max"/>, <see cref="Initial"/> × 2^(n−1))), so that many
/// callers failing together (every shard of a throttled stream, every worker behind a sink that is down) spread
/// their retries out instead of coming back in lockstep, while the ceiling still grows and is capped.
/// </summary>
/// <remarks>
/// Pure: the random draw is handed in (<see cref="DelayAfter(int, double)"/>), so a given draw always gives the same
/// wait; the callers wait on their <see cref="TimeProvider"/>. Every backoff of the service — AWS calls, fan-out
/// resubscriptions, shard restarts, GetRecords throttles, <c>produce</c>'s PutRecords retries, the HTTP sinks — is one
/// of these, built from its own pair of settings.
/// </remarks>
public sealed record ExponentialBackoff
{
    // 2^62 ticks is over 14,000 years: any larger exponent is over every cap.
    private const int MaxShift = 62;

    /// <param name="initial">Ceiling of the wait after the first failure (zero: retry at once, every time).</param>
    /// <param name="max">Cap of every ceiling.</param>
    public ExponentialBackoff(TimeSpan initial, TimeSpan max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(initial, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, initial);
        Initial = initial;
        Max = max;
    }

    /// <summary>Ceiling of the wait after the first failure; doubled after each further failure in a row.</summary>
    public TimeSpan Initial { get; }

    /// <summary>Cap of every ceiling.</summary>
    public TimeSpan Max { get; }

    /// <summary>The longest wait after <paramref name="failures"/> (1 or more) failures in a row: min(Max, Initial × 2^(failures−1)).</summary>
    public TimeSpan CeilingAfter(int failures)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failures, 1);
        var shift = failures - 1;
        if (Initial == TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        // Exact in integers: Initial << shift stays within Max (and so within long) exactly when Initial <= Max >> shift.
        if (shift > MaxShift || Initial.Ticks > Max.Ticks >> shift)
        {
            return Max;
        }

        return TimeSpan.FromTicks(Initial.Ticks << shift);
    }

    /// <summary>
    /// The wait after <paramref name="failures"/> failures in a row for the uniform draw <paramref name="draw"/> in
    /// [0, 1): <see cref="CeilingAfter"/> × draw, so from zero up to just below the ceiling (zero when the ceiling is).
    /// </summary>
    public TimeSpan DelayAfter(int failures, double draw)
    {
        if (!(draw >= 0 && draw < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(draw), draw, "The draw must be in [0, 1).");
        }

        // A draw below 1 times at most long.MaxValue ticks stays below 2^63 as a double: the cast cannot overflow.
        return TimeSpan.FromTicks((long)(CeilingAfter(failures).Ticks * draw));
    }
}
