using KinesisFlow.Coordination.Lag;

namespace KinesisFlow.Coordination.Leases;

/// <summary>
/// A worker's heartbeat item in the lease table: one counter the worker bumps every renew interval instead of renewing
/// each of its leases. A lease whose owner's heartbeat counter keeps changing is alive, however long its own counter
/// stands still; a lease whose owner has no heartbeat item (a KCL worker, an older KinesisFlow) expires by its own
/// counter, as before. The same item carries the worker's lag report (<see cref="Lags"/>), written with the heartbeat.
/// </summary>
/// <param name="WorkerId">The worker, as it is written in <c>leaseOwner</c>.</param>
/// <param name="Counter">Bumped by every heartbeat; only its changes matter, judged on the observer's clock.</param>
/// <param name="Lags">The lag of the shards the worker processes, as of its last heartbeat; null when it reported none.</param>
public sealed record WorkerHeartbeat(string WorkerId, long Counter, LagReport? Lags = null)
{
    /// <summary>
    /// The heartbeat item's key (<c>leaseKey</c>): never a shard id, so it cannot meet a lease. The item is told apart
    /// from leases by its <c>entityType</c>, which KinesisFlow and the KCL 3.5+ both skip when they list leases.
    /// </summary>
    public static string KeyOf(string workerId) => "heartbeat#" + workerId;
}
