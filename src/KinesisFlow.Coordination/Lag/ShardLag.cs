namespace KinesisFlow.Coordination.Lag;

/// <summary>
/// How far behind a shard's processing is, at one instant, from the two things that can each be stale on their own:
/// <list type="bullet">
/// <item><see cref="BehindLatest"/>: Kinesis' MillisBehindLatest as the last read reported it — how far the reader is
/// from the tip of the shard. It only changes when a read happens, so it freezes when backpressure stops reading.</item>
/// <item><see cref="OldestUnacknowledgedAge"/>: now minus the ApproximateArrivalTimestamp of the oldest record read and
/// not yet acknowledged by every sink — computed at the instant asked, so it keeps growing while events wait in the
/// buffers or in a stuck sink, whether or not anything is read. Zero when nothing waits.</item>
/// </list>
/// <see cref="Lag"/> is the larger of the two: it never reads 0 while read events wait. Pure.
/// </summary>
public readonly record struct ShardLag(TimeSpan? BehindLatest, TimeSpan OldestUnacknowledgedAge)
{
    /// <summary>The shard lag: the larger of <see cref="BehindLatest"/> and <see cref="OldestUnacknowledgedAge"/>.</summary>
    public TimeSpan Lag => BehindLatest is { } behind && behind > OldestUnacknowledgedAge ? behind : OldestUnacknowledgedAge;

    /// <summary>
    /// The lag at <paramref name="now"/> (wall clock) from the last MillisBehindLatest (null before the first read) and the
    /// arrival time of the oldest unacknowledged record (null when none waits). An arrival time ahead of
    /// <paramref name="now"/> (clock skew between AWS and this host) counts as zero, never as a negative age.
    /// </summary>
    public static ShardLag At(DateTimeOffset now, long? millisBehindLatest, DateTimeOffset? oldestUnacknowledgedArrival)
    {
        TimeSpan? behind = millisBehindLatest is { } millis ? TimeSpan.FromMilliseconds(Math.Max(0, millis)) : null;
        var age = oldestUnacknowledgedArrival is { } arrival && now > arrival ? now - arrival : TimeSpan.Zero;
        return new ShardLag(behind, age);
    }
}
