using KinesisFlow.Coordination.Lag;
using KinesisFlow.Coordination.Leases;
using KinesisFlow.TestKit.Simulation;
using Xunit.Abstractions;

namespace KinesisFlow.Leases.Tests.Stores;

/// <summary>
/// A heartbeat item carries its worker's lag report: its size, by DynamoDB's sizing rule, at the most shards a report
/// carries (<see cref="LagReport.MaxShards"/>) with the largest figures, against DynamoDB's 400 KB item limit. (That
/// such an item is accepted and reads back whole is the store contract's, on dynalite too, which enforces the limit.)
/// </summary>
public sealed class HeartbeatItemSizeTests(ITestOutputHelper output)
{
    private const int ItemLimitBytes = 400 * 1024;

    [Fact]
    public void A_heartbeat_with_the_largest_lag_report_stays_a_tenth_of_the_item_limit()
    {
        // More shards than a report carries, each a year behind (far past any retention): 13-digit shard ids, 11-digit figures.
        var shards = Enumerable.Range(0, 2 * LagReport.MaxShards)
            .Select(i => new KeyValuePair<string, ShardLagFigures>($"shardId-{i:D12}", new ShardLagFigures(31_536_000_000L + i, 31_536_000_000L + i)))
            .ToArray();
        var heartbeat = new WorkerHeartbeat("ip-10-0-1-17.eu-west-1.compute.internal-4242", long.MaxValue, LagReport.Of(DateTimeOffset.UtcNow, shards));

        var bytes = DynamoDbCapacity.ItemBytes(heartbeat);
        var empty = DynamoDbCapacity.ItemBytes(heartbeat with { Lags = null });
        output.WriteLine($"{heartbeat.Lags!.Shards.Count} shards: {bytes} bytes ({(bytes - empty) / (double)heartbeat.Lags.Shards.Count:F1} a shard), {DynamoDbCapacity.WriteUnits(bytes)} write units a heartbeat");

        Assert.Equal(LagReport.MaxShards, heartbeat.Lags.Shards.Count);
        Assert.InRange(bytes, 30 * LagReport.MaxShards, ItemLimitBytes / 10);
    }
}
