using KinesisFlow.Coordination.Lag;
using KinesisFlow.Coordination.Leases;
using KinesisFlow.TestKit.Fakes;

namespace KinesisFlow.Leases.Tests.Coordinator;

/// <summary>
/// The real in-memory table, except that heartbeats fail as a throttled DynamoDB would while <see cref="Failing"/>, and
/// the reads a renew or balance cycle starts with (owner index, leader item, scan) while <see cref="ReadsFailing"/>.
/// </summary>
internal sealed class ThrottledRenewals(InMemoryLeaseStore table) : ILeaseStore
{
    public bool Failing { get; set; }

    public bool ReadsFailing { get; set; }

    public Task<long> HeartbeatAsync(string workerId, LagReport? lags, CancellationToken cancellationToken) =>
        Failing ? throw new TimeoutException("throttled") : table.HeartbeatAsync(workerId, lags, cancellationToken);

    public Task SignalHandoffCompletedAsync(string newOwner, CancellationToken cancellationToken) => table.SignalHandoffCompletedAsync(newOwner, cancellationToken);

    public Task<long> ReadHandoffSignalAsync(string workerId, CancellationToken cancellationToken) => table.ReadHandoffSignalAsync(workerId, cancellationToken);

    public Task<LeaderLease?> ReadLeaderAsync(CancellationToken cancellationToken) =>
        ReadsFailing ? throw new TimeoutException("throttled") : table.ReadLeaderAsync(cancellationToken);

    public Task<bool> WriteLeaderAsync(LeaderLease? seen, LeaderLease next, CancellationToken cancellationToken) => table.WriteLeaderAsync(seen, next, cancellationToken);

    public Task<bool> DeleteLeaderAsync(LeaderLease seen, CancellationToken cancellationToken) => table.DeleteLeaderAsync(seen, cancellationToken);

    public Task<bool> RenewAsync(Lease seen, CancellationToken cancellationToken) => table.RenewAsync(seen, cancellationToken);

    public Task<LeaseTableScan> ScanAsync(CancellationToken cancellationToken) =>
        ReadsFailing ? throw new TimeoutException("throttled") : table.ScanAsync(cancellationToken);

    public Task<IReadOnlyList<string>?> ListOwnedKeysAsync(string workerId, CancellationToken cancellationToken) =>
        ReadsFailing ? throw new TimeoutException("throttled") : table.ListOwnedKeysAsync(workerId, cancellationToken);

    public Task DeleteHeartbeatAsync(string workerId, CancellationToken cancellationToken) => table.DeleteHeartbeatAsync(workerId, cancellationToken);

    public Task<bool> HasHeartbeatAsync(string workerId, CancellationToken cancellationToken) => table.HasHeartbeatAsync(workerId, cancellationToken);

    public Task EnsureReadyAsync(CancellationToken cancellationToken) => table.EnsureReadyAsync(cancellationToken);

    public Task<IReadOnlyList<Lease>> ListAsync(CancellationToken cancellationToken) => table.ListAsync(cancellationToken);

    public Task<Lease?> GetAsync(string leaseKey, CancellationToken cancellationToken) => table.GetAsync(leaseKey, cancellationToken);

    public Task<bool> CreateIfAbsentAsync(Lease lease, CancellationToken cancellationToken) => table.CreateIfAbsentAsync(lease, cancellationToken);

    public Task<bool> TakeAsync(Lease seen, string newOwner, CancellationToken cancellationToken) => table.TakeAsync(seen, newOwner, cancellationToken);

    public Task<bool> ReleaseAsync(Lease seen, CancellationToken cancellationToken) => table.ReleaseAsync(seen, cancellationToken);

    public Task<bool> CheckpointAsync(Lease seen, ExtendedSequenceNumber checkpoint, IReadOnlyCollection<string>? childShardIds, CancellationToken cancellationToken) =>
        table.CheckpointAsync(seen, checkpoint, childShardIds, cancellationToken);

    public Task<bool> RequestHandoffAsync(Lease seen, string newOwner, CancellationToken cancellationToken) => table.RequestHandoffAsync(seen, newOwner, cancellationToken);

    public Task<bool> CompleteHandoffAsync(Lease seen, CancellationToken cancellationToken) => table.CompleteHandoffAsync(seen, cancellationToken);

    public Task<bool> DeleteAsync(Lease seen, CancellationToken cancellationToken) => table.DeleteAsync(seen, cancellationToken);
}
