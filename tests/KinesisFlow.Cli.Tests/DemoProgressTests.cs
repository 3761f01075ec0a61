using KinesisFlow.Coordination.Lag;
using KinesisFlow.Coordination.Leases;

namespace KinesisFlow.Cli.Tests;

/// <summary>The demo's progress line fits 100 columns, from its first second to the largest counts it allows.</summary>
public sealed class DemoProgressTests
{
    [Fact]
    public void A_line_with_the_largest_counts_and_50_shards_fits_100_columns_uncut()
    {
        var leases = Enumerable.Range(0, 50).Select(i => Lease(i, DemoProgress.WorkerId(1 + (i % 2)))).ToList();
        var lags = new LagReport(DateTimeOffset.UnixEpoch, leases.ToDictionary(lease => lease.LeaseKey, _ => new ShardLagFigures(9_999_999, 9_999_999)));
        var table = new LeaseTableScan(leases, [new WorkerHeartbeat(DemoProgress.WorkerId(1), 7, lags), new WorkerHeartbeat(DemoProgress.WorkerId(2), 7)]);

        var line = DemoProgress.ProgressLine(TimeSpan.FromSeconds(9_999), 99_999_999, [49_999_999, 50_000_000], 999_999, table);

        Assert.True(line.Length <= DemoProgress.MaxWidth, $"{line.Length} columns: {line}");
        Assert.Equal("9999s  produced 99999999  delivered 99999999 (999999/s)  w1: 25 shards  w2: 25 shards  lag 9999 s", line);
    }

    [Fact]
    public void The_first_line_shows_who_owns_what_before_anything_is_delivered()
    {
        var line = DemoProgress.ProgressLine(TimeSpan.FromSeconds(1), 1_673, [0, 0], 0, new LeaseTableScan([Lease(0, DemoProgress.WorkerId(2)), Lease(1, null)], []));

        Assert.Equal("   1s  produced     1673  delivered        0 (     0/s)  w1: 0 shards  w2: 1 shard  lag 0 ms", line);
    }

    private static Lease Lease(int shard, string? owner) => new()
    {
        LeaseKey = $"shardId-{shard:D12}",
        LeaseOwner = owner,
    };
}
