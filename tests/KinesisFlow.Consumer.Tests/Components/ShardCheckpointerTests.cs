using KinesisFlow.Aws;
using KinesisFlow.Consumer.Checkpointing;
using KinesisFlow.Consumer.Retrieval;
using KinesisFlow.Coordination.Checkpointing;
using KinesisFlow.Leases;
using KinesisFlow.TestKit.Fakes;

namespace KinesisFlow.Consumer.Tests.Components;

/// <summary>ShardCheckpointer on in-memory leases and fake time: what is written, when, and what a lost lease does.</summary>
public sealed class ShardCheckpointerTests
{
    private const string ShardId = "shardId-000000000000";

    [Fact]
    public async Task Only_the_acknowledged_prefix_is_checkpointed_whatever_order_acknowledgements_come_in()
    {
        await using var harness = new ShardHarness();
        harness.Leases.Grant(ShardId);
        var checkpointer = harness.Checkpointer(ShardId);
        var tickets = Read(checkpointer, "101", "102", "103");

        checkpointer.Acknowledge(tickets[2], 1);
        checkpointer.Acknowledge(tickets[1], 1);
        Assert.True(await checkpointer.CheckpointIfDueAsync(CancellationToken.None));
        Assert.Empty(harness.Leases.Writes);

        checkpointer.Acknowledge(tickets[0], 1);
        Assert.True(await checkpointer.CheckpointIfDueAsync(CancellationToken.None));
        Assert.Equal("103", Assert.Single(harness.Leases.Writes).Checkpoint);
        Assert.Equal("103", checkpointer.LastWritten);
    }

    [Fact]
    public async Task Below_the_record_count_a_checkpoint_waits_for_the_interval_on_fake_time()
    {
        await using var harness = new ShardHarness(checkpoints: new CheckpointPolicyOptions { MaxInterval = TimeSpan.FromSeconds(5), MaxRecords = 100 });
        harness.Leases.Grant(ShardId);
        var checkpointer = harness.Checkpointer(ShardId);
        checkpointer.Acknowledge(Read(checkpointer, "101")[0], 1);

        harness.Time.Advance(TimeSpan.FromSeconds(4.999));
        Assert.True(await checkpointer.CheckpointIfDueAsync(CancellationToken.None));
        Assert.Empty(harness.Leases.Writes);

        harness.Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(await checkpointer.CheckpointIfDueAsync(CancellationToken.None));
        Assert.Equal("101", Assert.Single(harness.Leases.Writes).Checkpoint);
    }

    [Fact]
    public async Task A_lost_lease_refuses_the_checkpoint_and_the_checkpointer_says_the_shard_must_stop()
    {
        await using var harness = new ShardHarness();
        harness.Leases.Grant(ShardId, "100");
        var checkpointer = harness.Checkpointer(ShardId);
        checkpointer.Acknowledge(Read(checkpointer, "101")[0], 1);
        harness.Leases.Revoke(ShardId, LeaseRevocation.Lost);

        Assert.False(await checkpointer.CheckpointIfDueAsync(CancellationToken.None));
        Assert.False(Assert.Single(harness.Leases.Writes).Accepted);
        Assert.Equal("100", harness.Leases.CheckpointOf(ShardId));
        Assert.Null(checkpointer.LastWritten);
    }

    [Fact]
    public async Task On_stop_a_lost_lease_writes_nothing_and_a_shard_end_waits_for_every_delivery()
    {
        await using var harness = new ShardHarness(checkpoints: new CheckpointPolicyOptions { MaxRecords = 100 });
        harness.Leases.Grant(ShardId);
        var checkpointer = harness.Checkpointer(ShardId);
        var tickets = Read(checkpointer, "101", "102");
        checkpointer.Acknowledge(tickets[0], 1);
        ChildShard[] children = [new("shardId-000000000001", [ShardId], new HashKeyRange("0", "1")), new("shardId-000000000002", [ShardId], new HashKeyRange("2", "3"))];

        Assert.True(await checkpointer.CheckpointOnStopAsync(ShardStopReason.LeaseLost, [], CancellationToken.None));
        Assert.Empty(harness.Leases.Writes);

        // One delivery still in flight: SHARD_END must not pass it; the acknowledged prefix is written instead.
        Assert.True(await checkpointer.CheckpointOnStopAsync(ShardStopReason.ShardEnded, children, CancellationToken.None));
        Assert.Equal("101", Assert.Single(harness.Leases.Writes).Checkpoint);

        checkpointer.Acknowledge(tickets[1], 1);
        Assert.True(await checkpointer.CheckpointOnStopAsync(ShardStopReason.ShardEnded, children, CancellationToken.None));
        var end = harness.Leases.Writes[^1];
        Assert.Equal((InMemoryShardLeases.ShardEnd, 2), (end.Checkpoint, end.Children.Count));
    }

    [Fact]
    public async Task The_lag_inputs_follow_the_oldest_record_not_yet_acknowledged_by_every_sink()
    {
        await using var harness = new ShardHarness();
        harness.Leases.Grant(ShardId);
        var checkpointer = harness.Checkpointer(ShardId);
        var arrived = harness.Time.GetUtcNow() - TimeSpan.FromMinutes(1);

        // One read of three records that arrived a second apart, caught up (MillisBehindLatest 0), in two deliveries.
        checkpointer.RecordsRead(new ShardReadResult(
            [.. Enumerable.Range(0, 3).Select(i => new KinesisRecord($"10{i}", arrived + TimeSpan.FromSeconds(i), new byte[] { 1 }, "pk", null))], 0, false, []));
        var first = checkpointer.Register("100");
        var rest = checkpointer.Register("102");
        Assert.Equal((0L, arrived), harness.Leases.LagOf(ShardId));

        // Nothing moves while the sink is stuck: the inputs stay, and whoever observes them ages the oldest record.
        harness.Time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal((0L, arrived), harness.Leases.LagOf(ShardId));

        checkpointer.Acknowledge(first, records: 1);
        Assert.Equal((0L, arrived + TimeSpan.FromSeconds(1)), harness.Leases.LagOf(ShardId));
        checkpointer.Acknowledge(rest, records: 2);
        Assert.Equal((0L, (DateTimeOffset?)null), harness.Leases.LagOf(ShardId));
    }

    // A read of one-record deliveries, each registered as the pipeline registers what it hands to the sinks.
    private static long[] Read(ShardCheckpointer checkpointer, params string[] sequenceNumbers)
    {
        checkpointer.RecordsRead(new ShardReadResult(
            [.. sequenceNumbers.Select(sequence => new KinesisRecord(sequence, DateTimeOffset.UnixEpoch, new byte[] { 1 }, "pk", null))], 0, false, []));
        return [.. sequenceNumbers.Select(checkpointer.Register)];
    }
}
