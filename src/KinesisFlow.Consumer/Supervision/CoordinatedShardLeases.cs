using System.Collections.Concurrent;
using KinesisFlow.Coordination.Leases;
using KinesisFlow.Leases;
using AwsChildShard = KinesisFlow.Aws.ChildShard;
using LeaseChildShard = KinesisFlow.Coordination.Leases.ChildShard;

namespace KinesisFlow.Consumer.Supervision;

/// <summary>
/// The consumer's lease ports over the lease coordinator: <see cref="IShardLeases"/> for shard tasks and their
/// supervisor, <see cref="ILeaseWorker"/> for the host. The coordinator's loops keep running while shard tasks drain on
/// shutdown; <see cref="ReleaseAllAsync"/> then stops them and releases every lease.
/// </summary>
public sealed class CoordinatedShardLeases(LeaseCoordinator coordinator, ILeaseStore store) : IShardLeases, ILeaseWorker
{
    // Every handle the coordinator gave out, so a revoked one still tells why it was revoked.
    private readonly ConcurrentDictionary<string, ShardLease> _handles = new(StringComparer.Ordinal);

    public string WorkerId => coordinator.WorkerId;

    public event EventHandler? Changed
    {
        add => coordinator.OwnedLeasesChanged += value;
        remove => coordinator.OwnedLeasesChanged -= value;
    }

    public IReadOnlyCollection<OwnedShard> Owned()
    {
        var owned = coordinator.OwnedLeases;
        var shards = new List<OwnedShard>(owned.Count);
        foreach (var lease in owned)
        {
            _handles[lease.ShardId] = lease;
            shards.Add(new OwnedShard(lease.ShardId, lease.Checkpoint.SequenceNumber, lease.Checkpoint.SubSequenceNumber));
        }

        return shards;
    }

    public LeaseRevocation RevocationOf(string shardId) =>
        _handles.TryGetValue(shardId, out var handle) ? handle.Revocation : LeaseRevocation.None;

    public async ValueTask<bool> ParentsCompletedAsync(string shardId, CancellationToken cancellationToken)
    {
        if (!_handles.TryGetValue(shardId, out var handle))
        {
            return true;
        }

        foreach (var parent in handle.ParentShardIds)
        {
            if (await store.GetAsync(parent, cancellationToken) is { Checkpoint.IsShardEnd: false })
            {
                return false;
            }
        }

        return true;
    }

    public async ValueTask<bool> CheckpointAsync(string shardId, string sequenceNumber, CancellationToken cancellationToken) =>
        await coordinator.CheckpointAsync(shardId, new ExtendedSequenceNumber(sequenceNumber), cancellationToken);

    public async ValueTask<bool> CheckpointShardEndAsync(string shardId, IReadOnlyList<AwsChildShard> childShards, CancellationToken cancellationToken)
    {
        var children = new LeaseChildShard[childShards.Count];
        for (var i = 0; i < children.Length; i++)
        {
            children[i] = KinesisShardLister.ToChildShard(childShards[i]);
        }

        return await coordinator.CheckpointShardEndAsync(shardId, children, cancellationToken);
    }

    public async ValueTask ReleaseAsync(string shardId, CancellationToken cancellationToken)
    {
        await coordinator.ReleaseAsync(shardId, cancellationToken);
        _handles.TryRemove(shardId, out _);
    }

    public void ReportLag(string shardId, long? millisBehindLatest, DateTimeOffset? oldestUnacknowledgedArrival) =>
        coordinator.ReportLag(shardId, millisBehindLatest, oldestUnacknowledgedArrival);

    public Task EnsureTableAsync(CancellationToken cancellationToken) => store.EnsureReadyAsync(cancellationToken);

    public async Task RunAsync(CancellationToken stopping)
    {
        await coordinator.StartAsync(stopping);
        await Task.Delay(Timeout.Infinite, stopping);
    }

    public void StopTaking() => coordinator.StopTaking();

    public Task ReleaseAllAsync(CancellationToken cancellationToken) => coordinator.StopAsync(cancellationToken);
}
