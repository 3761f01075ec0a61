namespace KinesisFlow.Coordination.Lag;

/// <summary>One shard's lag as its owner reports it for <c>kinesisflow status</c>.</summary>
/// <param name="MillisBehindLatest">The last MillisBehindLatest a read of the shard returned.</param>
/// <param name="ShardLagMillis">The shard lag at the report (<see cref="ShardLag.Lag"/>): the larger of that and the age of the oldest record read but not yet acknowledged.</param>
public readonly record struct ShardLagFigures(long MillisBehindLatest, long ShardLagMillis);

/// <summary>
/// The lag of the shards one worker processes, written with its heartbeat (one map in the heartbeat item it writes every
/// renew interval anyway: no write of its own). At most <see cref="MaxShards"/> shards, so that the item stays small
/// (at most about 40 bytes a shard: 1,000 shards ≈ 40 KB, against DynamoDB's 400 KB item limit; its write and read cost grows
/// with its size, one write unit per KB); a worker holding more reports the ones furthest behind. Pure.
/// </summary>
/// <param name="ReportedAt">The worker's wall clock when it computed the figures (display only; never used for expiry).</param>
/// <param name="Shards">Shard id → figures.</param>
public sealed record LagReport(DateTimeOffset ReportedAt, IReadOnlyDictionary<string, ShardLagFigures> Shards)
{
    /// <summary>
    /// The most shards one report carries: the shards per worker KinesisFlow is sized for (1,000 idle shards in at most
    /// 300 MB, issue 16).
    /// </summary>
    public const int MaxShards = 1_000;

    /// <summary>
    /// The report of <paramref name="shards"/>; past <see cref="MaxShards"/>, only the shards with the largest shard lag
    /// (ties: the lower shard id), since those are the ones an operator looks for. Null when there is nothing to report.
    /// </summary>
    public static LagReport? Of(DateTimeOffset reportedAt, IReadOnlyList<KeyValuePair<string, ShardLagFigures>> shards)
    {
        ArgumentNullException.ThrowIfNull(shards);
        if (shards.Count == 0)
        {
            return null;
        }

        IEnumerable<KeyValuePair<string, ShardLagFigures>> kept = shards;
        if (shards.Count > MaxShards)
        {
            kept = shards
                .OrderByDescending(shard => shard.Value.ShardLagMillis)
                .ThenBy(shard => shard.Key, StringComparer.Ordinal)
                .Take(MaxShards);
        }

        return new LagReport(reportedAt, kept.ToDictionary(StringComparer.Ordinal));
    }
}
