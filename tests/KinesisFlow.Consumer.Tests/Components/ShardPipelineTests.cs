using KinesisFlow.Coordination.Checkpointing;
using KinesisFlow.Aws;

namespace KinesisFlow.Consumer.Tests.Components;

/// <summary>
/// ShardPipeline with the real decoding (DeliveryAssembler) and checkpointing (ShardCheckpointer) between an in-memory
/// shard and sinks whose acknowledgements the test releases.
/// </summary>
public sealed class ShardPipelineTests
{
    private const string ShardId = "shardId-000000000000";

    [Fact]
    public async Task Acknowledgements_out_of_order_across_two_sinks_checkpoint_only_the_prefix_both_hold()
    {
        await using var harness = new ShardHarness(sinks: 2);
        var shard = harness.AddShard(ShardId, records: 3);
        var (pipeline, _, assembler) = harness.NewPipeline(ShardId);
        using var _ = assembler;
        using var stop = new CancellationTokenSource();
        var run = pipeline.RunAsync(stop.Token, CancellationToken.None);
        var (first, second) = (harness.Sinks[0], harness.Sinks[1]);
        await first.WaitForSendsAsync(3, ShardHarness.Timeout);
        await second.WaitForSendsAsync(3, ShardHarness.Timeout);

        // The first sink holds everything, the second only the later two: nothing may be checkpointed yet.
        first.AcknowledgeAll();
        second.Sends[2].Acknowledge();
        second.Sends[1].Acknowledge();
        await ShardHarness.WaitUntilAsync(() => first.Pending.Count == 0, "the first sink to hold everything");
        second.Sends[0].Acknowledge();
        await ShardHarness.WaitUntilAsync(() => harness.Leases.CheckpointOf(ShardId) == shard.LastSequenceNumber, "the checkpoint at the last record");
        await stop.CancelAsync();
        var outcome = await run;

        Assert.Equal(ShardStopReason.ShutdownRequested, outcome.Reason);
        Assert.Empty(harness.Leases.Violations);
        Assert.All(harness.AcknowledgedEventIds(), ids => Assert.Subset(ids, harness.ExpectedEventIds.ToHashSet()));
        Assert.All(harness.AcknowledgedEventIds(), ids => Assert.Equal(harness.ExpectedEventIds.Count, ids.Count));
    }

    [Fact]
    public async Task A_sink_failing_a_batch_fails_the_pipeline_and_nothing_past_that_batch_is_checkpointed()
    {
        await using var harness = new ShardHarness();
        var shard = harness.AddShard(ShardId, records: 3);
        var (pipeline, _, assembler) = harness.NewPipeline(ShardId);
        using var _ = assembler;
        var run = pipeline.RunAsync(CancellationToken.None, CancellationToken.None);
        await harness.Sink.WaitForSendsAsync(3, ShardHarness.Timeout);

        harness.Sink.Sends[0].Acknowledge();
        harness.Sink.Sends[2].Acknowledge();
        harness.Sink.Sends[1].Fail(new IOException("the intake refused the batch"));

        await Assert.ThrowsAsync<IOException>(() => run);
        Assert.Empty(harness.Leases.Violations);
        Assert.All(harness.Leases.Writes, write => Assert.Equal(shard.Records[0].SequenceNumber, write.Checkpoint));
    }

    [Fact]
    public async Task At_the_shard_end_the_pipeline_delivers_everything_and_reports_the_children()
    {
        await using var harness = new ShardHarness();
        var shard = harness.AddShard(ShardId, records: 4, perRead: 2);
        shard.End(new ChildShard("shardId-000000000001", [ShardId], new HashKeyRange("0", "1")), new ChildShard("shardId-000000000002", [ShardId], new HashKeyRange("2", "3")));
        harness.Sink.AcknowledgeAll();
        var (pipeline, _, assembler) = harness.NewPipeline(ShardId);
        using var _ = assembler;

        var outcome = await pipeline.RunAsync(CancellationToken.None, CancellationToken.None);

        Assert.Equal(ShardStopReason.ShardEnded, outcome.Reason);
        Assert.Equal(["shardId-000000000001", "shardId-000000000002"], outcome.ChildShards.Select(child => child.ShardId));
        Assert.Equal(harness.ExpectedEventIds.Count, Assert.Single(harness.AcknowledgedEventIds()).Count);
        Assert.Empty(harness.Leases.Violations);
    }

    [Fact]
    public async Task A_10000_record_read_of_10_MB_goes_through_decoding_to_the_sink_whole()
    {
        await using var harness = new ShardHarness(checkpoints: new CheckpointPolicyOptions { MaxRecords = 10_000 });
        var shard = harness.Shards.Add(ShardId, maxRecordsPerRead: TestKit.Shapes.KinesisLimits.MaxGetRecordsCount);
        harness.Leases.Grant(ShardId);
        harness.Append(shard, TestKit.Shapes.KinesisLimits.MaxGetRecordsCount, gzipBytes: 1000);
        shard.End();
        harness.Sink.AcknowledgeAll();
        var (pipeline, _, assembler) = harness.NewPipeline(ShardId);
        using var _ = assembler;

        var outcome = await pipeline.RunAsync(CancellationToken.None, CancellationToken.None);

        var read = Assert.Single(harness.Shards.Opened).Reader;
        Assert.Equal(1, read.Reads); // all 10,000 records, and with them the end of the closed shard
        Assert.InRange(shard.Records.Sum(record => (long)record.Data.Length), 9_500_000, TestKit.Shapes.KinesisLimits.MaxGetRecordsBytes);
        Assert.Equal(ShardStopReason.ShardEnded, outcome.Reason);
        var delivered = Assert.Single(harness.AcknowledgedEventIds());
        Assert.True(delivered.SetEquals(harness.ExpectedEventIds), $"{delivered.Count} of {harness.ExpectedEventIds.Count} events delivered");
        Assert.Empty(harness.Leases.Violations);
    }
}
