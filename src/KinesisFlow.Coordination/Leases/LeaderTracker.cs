namespace KinesisFlow.Coordination.Leases;

/// <summary>
/// A follower's view of the leader item: when, on this worker's monotonic clock, it last saw the item change. The
/// leadership is vacant when there is no leader item, or when it has not changed for longer than the lease duration (a
/// leader first seen gets a full duration, as a lease does). Not thread-safe: the renew loop owns it.
/// </summary>
public sealed class LeaderTracker(TimeSpan leaseDuration)
{
    /// <summary>The leader item as last read (null: none).</summary>
    public LeaderLease? Seen { get; private set; }

    /// <summary>When <see cref="Seen"/> was first read as it is.</summary>
    public TimeSpan ChangedAt { get; private set; }

    public void Observe(LeaderLease? leader, TimeSpan now)
    {
        if (leader != Seen)
        {
            Seen = leader;
            ChangedAt = now;
        }
    }

    /// <summary>Nobody leads: no leader item, or one unchanged for longer than the lease duration.</summary>
    public bool IsVacant(TimeSpan now) => Seen is null || now - ChangedAt > leaseDuration;
}
