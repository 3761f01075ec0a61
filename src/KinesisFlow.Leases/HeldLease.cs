using KinesisFlow.Coordination.Leases;

namespace KinesisFlow.Leases;

/// <summary>
/// The coordinator's record of one lease it holds, is being handed, or is handing off. <see cref="Gate"/> serialises
/// every write to the lease (renew, checkpoint, release) so that each is conditional on the counter the previous one
/// left: without it a renew and a checkpoint would fence each other out.
/// </summary>
internal sealed class HeldLease(Lease lease)
{
    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>The lease as this worker last wrote or read it.</summary>
    public Lease Current { get; set; } = lease;

    /// <summary>The handle given to the consumer once the lease is this worker's to process; null while a handoff to it is pending.</summary>
    public ShardLease? Handle { get; set; }

    /// <summary>The latest MillisBehindLatest the shard task reported; written with every heartbeat.</summary>
    public long? MillisBehindLatest { get; set; }

    /// <summary>
    /// The arrival time of the shard's oldest record read and not yet acknowledged (null when none waits), as the shard
    /// task last reported it; its age is taken when the lag is written, so it grows while a stuck sink holds it.
    /// </summary>
    public DateTimeOffset? OldestUnacknowledgedArrival { get; set; }

    public string Key => Current.LeaseKey;
}
