using KinesisFlow.Aws;

namespace KinesisFlow.Consumer.Retrieval;

/// <summary>
/// Reads one shard in order, from a starting position: polling (GetRecords within the read budget) or enhanced
/// fan-out (SubscribeToShard). Each call returns the next records, waiting as pacing or the push stream requires;
/// after a result with <see cref="ShardReadResult.ShardEnded"/> it is not called again.
/// </summary>
public interface IShardReader : IAsyncDisposable
{
    ValueTask<ShardReadResult> ReadAsync(CancellationToken cancellationToken);
}

/// <summary>Creates the reader of one shard, in the configured mode.</summary>
public interface IShardReaderFactory
{
    IShardReader Create(string shardId, StartingPosition start);
}
