using System.Collections.Concurrent;
using KinesisFlow.Aws;
using KinesisFlow.Consumer.Retrieval;

namespace KinesisFlow.TestKit.Fakes;

/// <summary>
/// The shards of a stream held in memory, and the reader factory a shard task opens its reader with: records every
/// reader it opened and where from, so a test sees e.g. that a restart resumes after the checkpoint.
/// </summary>
public sealed class InMemoryShards : IShardReaderFactory
{
    private readonly ConcurrentDictionary<string, InMemoryShard> _shards = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string ShardId, StartingPosition Start, InMemoryShardReader Reader)> _opened = new();

    /// <summary>Every reader opened, in order.</summary>
    public IReadOnlyList<(string ShardId, StartingPosition Start, InMemoryShardReader Reader)> Opened => [.. _opened];

    /// <summary>Adds a shard (or returns the one with this id).</summary>
    public InMemoryShard Add(string shardId, int maxRecordsPerRead = 10_000) =>
        _shards.GetOrAdd(shardId, id => new InMemoryShard(id, maxRecordsPerRead));

    public InMemoryShard this[string shardId] => _shards[shardId];

    public bool TryGet(string shardId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out InMemoryShard? shard) => _shards.TryGetValue(shardId, out shard);

    public IShardReader Create(string shardId, StartingPosition start)
    {
        if (!_shards.TryGetValue(shardId, out var shard))
        {
            throw new InvalidOperationException($"No shard {shardId} (ResourceNotFoundException from Kinesis).");
        }

        var reader = shard.OpenReader(start);
        _opened.Enqueue((shardId, start, reader));
        return reader;
    }
}
