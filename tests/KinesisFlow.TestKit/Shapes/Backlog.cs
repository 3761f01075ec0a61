namespace KinesisFlow.TestKit.Shapes;

/// <summary>What <see cref="BacklogProducer"/> put in one shard.</summary>
public sealed record ShardBacklog(string ShardId, int Records, long Bytes, long Events, string LastSequenceNumber);

/// <summary>
/// A backlog <see cref="BacklogProducer"/> wrote: the events (ordinals 0 .. <see cref="EventCount"/> - 1 of
/// <see cref="Ids"/>) and, per shard, the sequence number a consumer that read everything checkpoints at.
/// </summary>
public sealed record Backlog(ShapedEventIds Ids, long EventCount, IReadOnlyList<ShardBacklog> Shards)
{
    public long Bytes => Shards.Sum(shard => shard.Bytes);

    public int Records => Shards.Sum(shard => shard.Records);

    /// <summary>A fresh check of the delivery of every event of this backlog.</summary>
    public DeliveryCheck NewDeliveryCheck() => new(Ids, EventCount);

    /// <summary>
    /// The shards whose checkpoint (shard id → checkpoint, as the lease table holds it) is not the last sequence
    /// number written to them, each described; empty when every shard is checkpointed exactly at its end.
    /// </summary>
    public IReadOnlyList<string> CheckpointMismatches(IReadOnlyDictionary<string, string?> checkpoints)
    {
        ArgumentNullException.ThrowIfNull(checkpoints);
        var mismatches = new List<string>();
        foreach (var shard in Shards)
        {
            var checkpoint = checkpoints.TryGetValue(shard.ShardId, out var value) ? value : null;
            if (!string.Equals(checkpoint, shard.LastSequenceNumber, StringComparison.Ordinal))
            {
                mismatches.Add($"{shard.ShardId}: checkpoint {checkpoint ?? "(none)"}, last sequence number {shard.LastSequenceNumber}");
            }
        }

        return mismatches;
    }
}
