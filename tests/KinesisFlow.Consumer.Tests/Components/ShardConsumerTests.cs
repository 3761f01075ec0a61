using KinesisFlow.Aws;
using KinesisFlow.Consumer.Configuration;
using KinesisFlow.Consumer.Lifecycle;
using KinesisFlow.Coordination.Checkpointing;
using KinesisFlow.TestKit.Fakes;

namespace KinesisFlow.Consumer.Tests.Components;

/// <summary>ShardConsumer's stops on in-memory shards, leases and sinks, and fake time: drain, drain timeout, abort, shard end.</summary>
public sealed class ShardConsumerTests
{
    private const string ShardId = "shardId-000000000000";
    private const string DrainTimedOut = "did not drain";
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_graceful_stop_drains_what_is_in_flight_checkpoints_it_and_never_reports_a_drain_timeout()
    {
        await using var harness = new ShardHarness(pipeline: new PipelineOptions { DrainTimeout = DrainTimeout });
        var (shard, consumer, run) = await harness.StartWithThreeBatchesOutAsync(ShardId);

        consumer.RequestStop(ShardStopReason.ShutdownRequested);
        harness.Time.Advance(DrainTimeout / 2);
        harness.Sink.AcknowledgeAll();
        await run;
        // The drain-timeout timer must die with the task: only a drain that really outlives it may say so.
        harness.Time.Advance(DrainTimeout * 2);

        Assert.Equal(shard.LastSequenceNumber, harness.Leases.CheckpointOf(ShardId));
        Assert.Equal(ShardConsumerState.Done, consumer.Lifecycle.State);
        Assert.DoesNotContain(DrainTimedOut, harness.LogText, StringComparison.Ordinal);
        Assert.Empty(harness.Leases.Violations);
    }

    [Fact]
    public async Task A_drain_that_outlives_the_timeout_aborts_and_keeps_only_the_acknowledged_checkpoint()
    {
        await using var harness = new ShardHarness(pipeline: new PipelineOptions { DrainTimeout = DrainTimeout });
        var (shard, consumer, run) = await harness.StartWithThreeBatchesOutAsync(ShardId);
        harness.Sink.Sends[0].Acknowledge();
        await ShardHarness.WaitUntilAsync(() => harness.Leases.CheckpointOf(ShardId) == shard.Records[0].SequenceNumber, "the first record checkpointed");

        consumer.RequestStop(ShardStopReason.ShutdownRequested);
        harness.Time.Advance(DrainTimeout - TimeSpan.FromMilliseconds(1));
        Assert.False(run.IsCompleted);
        harness.Time.Advance(TimeSpan.FromMilliseconds(1));
        await run.WaitAsync(ShardHarness.Timeout);

        Assert.Contains(DrainTimedOut, harness.LogText, StringComparison.Ordinal);
        Assert.Equal(shard.Records[0].SequenceNumber, harness.Leases.CheckpointOf(ShardId));
        Assert.Equal(ShardConsumerState.Done, consumer.Lifecycle.State);
        Assert.Empty(harness.Leases.Violations);
    }

    [Fact]
    public async Task A_lost_lease_aborts_at_once_and_writes_no_checkpoint_even_for_what_was_acknowledged()
    {
        // Checkpoints batched by time only: acknowledged deliveries wait for a checkpoint that must never come.
        await using var harness = new ShardHarness(checkpoints: new CheckpointPolicyOptions { MaxRecords = 1_000, MaxInterval = TimeSpan.FromMinutes(1) });
        var (_, consumer, run) = await harness.StartWithThreeBatchesOutAsync(ShardId);
        harness.Sink.Sends[0].Acknowledge();
        harness.Sink.Sends[1].Acknowledge();

        consumer.RequestStop(ShardStopReason.LeaseLost);
        await run.WaitAsync(ShardHarness.Timeout);

        Assert.Empty(harness.Leases.Writes);
        Assert.Equal(ShardStopReason.LeaseLost, consumer.Lifecycle.StopReason);
        Assert.Equal(ShardConsumerState.Done, consumer.Lifecycle.State);
    }

    [Fact]
    public async Task At_the_shard_end_SHARD_END_names_the_children_and_is_written_only_once_every_record_is_acknowledged()
    {
        await using var harness = new ShardHarness();
        var shard = harness.AddShard(ShardId, records: 3);
        ChildShard[] children = [new("shardId-000000000001", [ShardId], new HashKeyRange("0", "1")), new("shardId-000000000002", [ShardId], new HashKeyRange("2", "3"))];
        shard.End(children);
        var consumer = harness.Consumer(ShardId);
        var run = consumer.RunAsync();
        await harness.Sink.WaitForSendsAsync(3, ShardHarness.Timeout);
        harness.Sink.Sends[0].Acknowledge();
        harness.Sink.Sends[1].Acknowledge();
        await ShardHarness.WaitUntilAsync(() => harness.Leases.CheckpointOf(ShardId) == shard.Records[1].SequenceNumber, "the second record checkpointed");
        Assert.False(run.IsCompleted);

        harness.Sink.Sends[2].Acknowledge();
        await run.WaitAsync(ShardHarness.Timeout);

        var end = harness.Leases.Writes[^1];
        Assert.Equal(InMemoryShardLeases.ShardEnd, end.Checkpoint);
        Assert.Equal(children.Select(child => child.ShardId), end.Children.Select(child => child.ShardId));
        Assert.Equal(ShardStopReason.ShardEnded, consumer.Lifecycle.StopReason);
        Assert.Empty(harness.Leases.Violations);
    }

    [Fact]
    public async Task A_shard_already_at_SHARD_END_is_not_read_at_all()
    {
        await using var harness = new ShardHarness();
        harness.AddShard(ShardId, records: 1, grant: false);
        harness.Leases.Grant(ShardId, InMemoryShardLeases.ShardEnd);
        var consumer = harness.Consumer(ShardId);

        await consumer.RunAsync().WaitAsync(ShardHarness.Timeout);

        Assert.Empty(harness.Shards.Opened);
        Assert.Empty(harness.Leases.Writes);
        Assert.Equal(ShardStopReason.ShardEnded, consumer.Lifecycle.StopReason);
    }
}
