using KinesisFlow.Coordination.Checkpointing;
using KinesisFlow.TestKit.Fakes;
using KinesisFlow.TestKit.Shapes;

namespace KinesisFlow.Consumer.Tests.Components;

/// <summary>
/// Records at the size limits through a shard task's real path (decoder with the default 16 MiB inflation cap,
/// delivery assembly, sinks, dead letters, checkpoints): near the 1 MiB Kinesis limit, inflating tenfold to 10 MiB,
/// and one under 1 MiB that inflates past the cap (a zip bomb), which is dead-lettered without stopping the shard.
/// </summary>
public sealed class LargeRecordTests
{
    private const string ShardId = "shardId-000000000000";
    private const int MiB = 1024 * 1024;

    [Fact]
    public async Task Records_near_1_MiB_and_inflating_to_10_MiB_are_delivered_whole_and_one_past_the_cap_is_dead_lettered()
    {
        await using var harness = new ShardHarness();
        var factory = new FlowLogRecordFactory(new ShapedEventIds(11));
        var nearLimit = factory.Realistic(RecordSizes.NearLimit.MaxGzipBytes);
        var inflating = factory.Compressible(10 * MiB);
        var bomb = factory.Compressible(17 * MiB, distinctLines: 1);
        var after = factory.Realistic(64 * 1024);
        Assert.All([nearLimit, inflating, bomb, after], record => Assert.True(record.Data.Length <= KinesisLimits.MaxRecordBytes, $"{record.Data.Length} bytes"));
        Assert.True(inflating.CompressionRatio >= 10, $"ratio {inflating.CompressionRatio:F1}");
        var shard = harness.Shards.Add(ShardId);
        var sequences = shard.Append([nearLimit, inflating, bomb, after]);
        shard.End();
        harness.Leases.Grant(ShardId);
        harness.Sink.AcknowledgeAll();
        var consumer = harness.Consumer(ShardId);

        await consumer.RunAsync().WaitAsync(ShardHarness.Timeout);

        var expected = new[] { nearLimit, inflating, after }.SelectMany(record => record.EventIds(factory.Ids)).ToHashSet(StringComparer.Ordinal);
        var delivered = Assert.Single(harness.AcknowledgedEventIds());
        Assert.True(delivered.SetEquals(expected), $"{delivered.Count} events delivered, {expected.Count} expected");
        var deadLetter = Assert.Single(harness.DeadLetters.Lines);
        Assert.Contains("too_large", deadLetter, StringComparison.Ordinal);
        Assert.Contains(sequences[2], deadLetter, StringComparison.Ordinal);
        Assert.Equal(ShardStopReason.ShardEnded, consumer.Lifecycle.StopReason);
        Assert.Equal(InMemoryShardLeases.ShardEnd, harness.Leases.CheckpointOf(ShardId));
    }
}
