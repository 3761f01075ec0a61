using KinesisFlow.Aws;
using KinesisFlow.Consumer.Supervision;
using KinesisFlow.Leases;

namespace KinesisFlow.Benchmarks;

/// <summary>Lease ports that hold every lease and accept every checkpoint: the benchmark measures the data path, not DynamoDB.</summary>
internal sealed class ScaleShardLeases : IShardLeases
{
    private long _checkpoints;

    public string WorkerId => "benchmark";

    // Every lease is held for good: nothing ever changes.
    public event EventHandler? Changed
    {
        add { }
        remove { }
    }

    public long Checkpoints => Interlocked.Read(ref _checkpoints);

    public IReadOnlyCollection<OwnedShard> Owned() => [];

    public LeaseRevocation RevocationOf(string shardId) => LeaseRevocation.None;

    public ValueTask<bool> ParentsCompletedAsync(string shardId, CancellationToken cancellationToken) => ValueTask.FromResult(true);

    public ValueTask<bool> CheckpointAsync(string shardId, string sequenceNumber, CancellationToken cancellationToken) => Accept();

    public ValueTask<bool> CheckpointShardEndAsync(string shardId, IReadOnlyList<ChildShard> childShards, CancellationToken cancellationToken) => Accept();

    public ValueTask ReleaseAsync(string shardId, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public void ReportLag(string shardId, long? millisBehindLatest, DateTimeOffset? oldestUnacknowledgedArrival)
    {
    }

    private ValueTask<bool> Accept()
    {
        Interlocked.Increment(ref _checkpoints);
        return ValueTask.FromResult(true);
    }
}
