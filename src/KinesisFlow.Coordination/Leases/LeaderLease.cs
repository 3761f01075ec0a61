namespace KinesisFlow.Coordination.Leases;

/// <summary>
/// The fleet's leader lock: one item of the lease table (not a lease) naming the worker that alone scans the table and
/// assigns leases. Claimed and renewed like a lease, by conditional writes on what the writer last saw, and judged
/// expired like one: by <see cref="Counter"/> standing still for longer than the lease duration on the observer's
/// clock (<see cref="LeaderTracker"/>), never by comparing wall clocks.
/// </summary>
/// <param name="WorkerId">The leader, as written in <c>leaseOwner</c>.</param>
/// <param name="Counter">Bumped by every claim and every renewal.</param>
/// <param name="HeartbeatCounter">
/// The leader's own heartbeat counter when it last renewed: a worker taking over from a silent leader knows how long
/// that heartbeat has stood still, and so judges the old leader's leases at once instead of a lease duration later.
/// </param>
public sealed record LeaderLease(string WorkerId, long Counter, long HeartbeatCounter)
{
    /// <summary>The leader item's key (<c>leaseKey</c>): never a shard id, so it cannot meet a lease.</summary>
    public const string Key = "leader#kinesisflow";
}
