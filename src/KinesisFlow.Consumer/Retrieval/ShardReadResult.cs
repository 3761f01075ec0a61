using KinesisFlow.Aws;

namespace KinesisFlow.Consumer.Retrieval;

/// <summary>
/// What one read (a GetRecords answer or a SubscribeToShard event) brought: records in stream order, the lag, and
/// whether the shard's end was reached (then <see cref="ChildShards"/> names the shards that continue it, when the
/// service said so; kinesalite never does, and the lease coordinator's shard sync finds them instead).
/// </summary>
public sealed record ShardReadResult(
    IReadOnlyList<KinesisRecord> Records,
    long? MillisBehindLatest,
    bool ShardEnded,
    IReadOnlyList<ChildShard> ChildShards)
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
}
