using KinesisFlow.Coordination.Lag;

namespace KinesisFlow.Coordination.Tests.Lag;

public sealed class LagReportTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000);

    [Fact]
    public void Nothing_to_report_is_no_report()
    {
        Assert.Null(LagReport.Of(At, []));
    }

    [Fact]
    public void Up_to_the_most_shards_a_report_carries_every_shard_is_kept()
    {
        var shards = Shards(LagReport.MaxShards, lagOf: i => i % 7);

        var report = LagReport.Of(At, shards);

        Assert.NotNull(report);
        Assert.Equal(At, report.ReportedAt);
        Assert.Equal(shards.OrderBy(shard => shard.Key, StringComparer.Ordinal), report.Shards.OrderBy(shard => shard.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void Past_the_most_shards_a_report_carries_the_ones_furthest_behind_are_kept_ties_by_the_lower_shard_id()
    {
        // Every shard 1 s behind, except three: the two least behind are left out, and of the 1 s ties the highest id.
        var shards = Shards(LagReport.MaxShards + 3, lagOf: i => i switch { 5 => 0, 17 => 10, 900 => 90_000, _ => 1_000 });

        var report = LagReport.Of(At, shards)!;

        Assert.Equal(LagReport.MaxShards, report.Shards.Count);
        Assert.Equal(90_000, report.Shards[ShardId(900)].ShardLagMillis);
        Assert.DoesNotContain(ShardId(5), report.Shards.Keys);
        Assert.DoesNotContain(ShardId(17), report.Shards.Keys);
        Assert.DoesNotContain(ShardId(LagReport.MaxShards + 2), report.Shards.Keys);
        Assert.Contains(ShardId(LagReport.MaxShards + 1), report.Shards.Keys);
    }

    private static string ShardId(int i) => $"shardId-{i:D12}";

    private static KeyValuePair<string, ShardLagFigures>[] Shards(int count, Func<int, long> lagOf) =>
        [.. Enumerable.Range(0, count).Select(i => new KeyValuePair<string, ShardLagFigures>(ShardId(i), new ShardLagFigures(0, lagOf(i))))];
}
