using KinesisFlow.Aws;

namespace KinesisFlow.Consumer.Retrieval;

/// <summary>
/// What one read (a GetRecords answer or a SubscribeToShard event) brought: records in stream order, the lag, and
/// whether the shard's end was reached (then <see cref="ChildShardIds"/> names the shards that continue it, when the
/// service said so; kinesalite never does, and the lease coordinator's shard sync finds them instead).
/// </summary>
public sealed record ShardReadResult(
    IReadOnlyList<KinesisRecord> Records,
    long? MillisBehindLatest,
    bool ShardEnded,
    IReadOnlyList<string> ChildShardIds)
{
    /// <summary>Bytes of record data in this read, for pacing and metrics.</summary>
    public long Bytes
    {
        get
        {
            long bytes = 0;
            for (var i = 0; i < Records.Count; i++)
            {
                bytes += Records[i].Data.Length;
            }

            return bytes;
        }
    }

    public static IReadOnlyList<string> ChildIds(IReadOnlyList<ChildShard>? children)
    {
        if (children is null || children.Count == 0)
        {
            return [];
        }

        var ids = new string[children.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = children[i].ShardId;
        }

        return ids;
    }
}
