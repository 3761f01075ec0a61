namespace KinesisFlow.Coordination.Leases;

/// <summary>One pass over the lease table: every lease and every worker heartbeat (non-lease items of others skipped).</summary>
public sealed record LeaseTableScan(IReadOnlyList<Lease> Leases, IReadOnlyList<WorkerHeartbeat> Heartbeats);
