using KinesisFlow.Aws;
using KinesisFlow.Consumer.Configuration;
using KinesisFlow.Consumer.Supervision;
using KinesisFlow.Leases;
using KinesisFlow.TestKit.Fakes;

namespace KinesisFlow.Consumer.Tests.Components;

/// <summary>
/// ShardSupervisor reconciling shard tasks with in-memory leases, cycle by cycle on fake time: restart backoff, a sink
/// that fails then recovers, handoffs, and a shard end whose children start once it is finished.
/// </summary>
public sealed class ShardSupervisorTests
{
    private const string Faulty = "shardId-000000000000";
    private const string Healthy = "shardId-000000000001";
    private static readonly SupervisorOptions Options = new()
    {
        ReconcileInterval = TimeSpan.FromSeconds(1),
        RestartBackoff = TimeSpan.FromSeconds(1),
        MaxRestartBackoff = TimeSpan.FromSeconds(60),
    };

    // Every jitter draw one half: the restart waits are half their ceilings, 0.5 s then 1 s.
    private static readonly Func<double> HalfCeiling = () => 0.5;

    [Fact]
    public async Task A_faulting_shard_restarts_after_a_backoff_that_doubles_while_another_shard_carries_on()
    {
        await using var harness = new ShardHarness();
        var faulty = harness.AddShard(Faulty, records: 2);
        var healthy = harness.AddShard(Healthy, records: 2);
        faulty.FailNextReads(2, () => new AwsServiceException("InternalFailure", "the stream failed", System.Net.HttpStatusCode.InternalServerError, null));
        harness.Sink.AcknowledgeAll();
        var supervisor = new ShardSupervisor(harness.Services, Options, HalfCeiling);

        await supervisor.ReconcileAsync(CancellationToken.None);
        await WaitForFaultCollectedAsync(supervisor, 1);
        await ShardHarness.WaitUntilAsync(() => harness.Leases.CheckpointOf(Healthy) == healthy.LastSequenceNumber, "the healthy shard checkpointed at its end");

        await AssertRestartAfterAsync(harness, supervisor, TimeSpan.FromSeconds(0.5), opened: 2);
        await WaitForFaultCollectedAsync(supervisor, 2);
        await AssertRestartAfterAsync(harness, supervisor, TimeSpan.FromSeconds(1), opened: 3);
        await ShardHarness.WaitUntilAsync(() => harness.Leases.CheckpointOf(Faulty) == faulty.LastSequenceNumber, "the faulty shard, recovered, checkpointed at its end");

        Assert.Contains("fault 2 in a row; restarting in 00:00:01", harness.LogText, StringComparison.Ordinal);
        Assert.Single(harness.Shards.Opened, opened => opened.ShardId == Healthy);
        Assert.Empty(harness.Leases.Violations);
    }

    [Fact]
    public async Task A_sink_that_fails_a_batch_then_recovers_gets_everything_from_the_checkpoint_on_after_the_restart()
    {
        await using var harness = new ShardHarness();
        var shard = harness.AddShard(Faulty, records: 3);
        var supervisor = new ShardSupervisor(harness.Services, Options, HalfCeiling);

        await supervisor.ReconcileAsync(CancellationToken.None);
        await harness.Sink.WaitForSendsAsync(3, ShardHarness.Timeout);
        harness.Sink.Sends[0].Acknowledge();
        await ShardHarness.WaitUntilAsync(() => harness.Leases.CheckpointOf(Faulty) == shard.Records[0].SequenceNumber, "the first record checkpointed");
        harness.Sink.Sends[1].Fail(new IOException("the intake is down"));
        harness.Sink.AcknowledgeAll();
        await WaitForFaultCollectedAsync(supervisor, 1);

        await AssertRestartAfterAsync(harness, supervisor, TimeSpan.FromSeconds(0.5), opened: 2);
        await ShardHarness.WaitUntilAsync(() => harness.Leases.CheckpointOf(Faulty) == shard.LastSequenceNumber, "the checkpoint at the last record");

        Assert.Equal(StartingPosition.AfterSequenceNumber(shard.Records[0].SequenceNumber), harness.Shards.Opened[1].Start);
        Assert.True(Assert.Single(harness.AcknowledgedEventIds()).SetEquals(harness.ExpectedEventIds));
        Assert.Empty(harness.Leases.Violations);
    }

    [Fact]
    public async Task A_handoff_request_checkpoints_what_was_acknowledged_then_releases_the_lease()
    {
        await using var harness = new ShardHarness();
        var shard = harness.AddShard(Faulty, records: 2);
        harness.Sink.AcknowledgeAll();
        var supervisor = new ShardSupervisor(harness.Services, Options, HalfCeiling);
        await supervisor.ReconcileAsync(CancellationToken.None);
        await harness.Sink.WaitForSendsAsync(2, ShardHarness.Timeout);

        harness.Leases.Revoke(Faulty, LeaseRevocation.HandoffRequested);
        await ReconcileUntilAsync(supervisor, () => harness.Leases.Released.Contains(Faulty), "the lease released");

        Assert.Equal(shard.LastSequenceNumber, harness.Leases.CheckpointOf(Faulty));
        Assert.Empty(supervisor.RunningShards);
        Assert.Empty(harness.Leases.Violations);
    }

    [Fact]
    public async Task A_shard_with_nothing_in_flight_is_let_go_as_soon_as_a_peer_asks_without_waiting_for_an_interval_or_the_drain_timeout()
    {
        await using var harness = new ShardHarness();
        var shard = harness.AddShard(Faulty, records: 2);
        harness.Sink.AcknowledgeAll();
        var supervisor = new ShardSupervisor(harness.Services, Options);
        using var stop = new CancellationTokenSource();
        var running = supervisor.RunAsync(stop.Token);
        await harness.Sink.WaitForSendsAsync(2, ShardHarness.Timeout);

        // The fake clock stands still from here: neither the reconcile interval nor the drain timeout ever passes, so
        // only the supervisor waking on the revocation and on the task's end can let the lease go.
        harness.Leases.Revoke(Faulty, LeaseRevocation.HandoffRequested);
        await ShardHarness.WaitUntilAsync(() => harness.Leases.Released.Contains(Faulty), "the lease released");

        Assert.Equal(shard.LastSequenceNumber, harness.Leases.CheckpointOf(Faulty));
        Assert.Empty(supervisor.RunningShards);
        Assert.DoesNotContain("did not drain", harness.LogText, StringComparison.Ordinal);
        await stop.CancelAsync();
        await running;
        Assert.Empty(harness.Leases.Violations);
    }

    [Fact]
    public async Task A_shard_that_ended_is_not_restarted_and_its_child_starts_reading_only_once_the_parent_is_at_SHARD_END()
    {
        const string Parent = "shardId-000000000000";
        const string Child = "shardId-000000000002";
        await using var harness = new ShardHarness();
        var parent = harness.AddShard(Parent, records: 2);
        parent.End(new ChildShard(Child, [Parent], new HashKeyRange("0", "9")));
        var child = harness.AddShard(Child, records: 2);
        harness.Leases.SetParents(Child, Parent);
        harness.Sink.Hold();
        var supervisor = new ShardSupervisor(harness.Services, Options, HalfCeiling);

        await supervisor.ReconcileAsync(CancellationToken.None);
        await harness.Sink.WaitForSendsAsync(2, ShardHarness.Timeout);
        // The child's task waits on its parent; fake time stands still, so it cannot have looked again.
        Assert.DoesNotContain(harness.Shards.Opened, opened => opened.ShardId == Child);

        harness.Sink.AcknowledgeAll();
        await ReconcileUntilAsync(supervisor, () => !supervisor.RunningShards.Contains(Parent), "the parent's task collected");
        Assert.Equal(InMemoryShardLeases.ShardEnd, harness.Leases.CheckpointOf(Parent));
        harness.Time.Advance(Options.ReconcileInterval);
        await ShardHarness.WaitUntilAsync(() => harness.Leases.CheckpointOf(Child) == child.LastSequenceNumber, "the child checkpointed at its last record");
        await supervisor.ReconcileAsync(CancellationToken.None);

        Assert.Single(harness.Shards.Opened, opened => opened.ShardId == Parent);
        Assert.DoesNotContain(Parent, supervisor.RunningShards);
        Assert.Empty(harness.Leases.Violations);
    }

    // Cycles (without moving fake time) until the faulted task was collected and its restart scheduled.
    private static Task WaitForFaultCollectedAsync(ShardSupervisor supervisor, int faults) =>
        ReconcileUntilAsync(supervisor, () => !supervisor.RunningShards.Contains(Faulty), $"fault {faults} of {Faulty} collected");

    private static async Task ReconcileUntilAsync(ShardSupervisor supervisor, Func<bool> condition, string what)
    {
        await TestKit.Eventually.WaitUntilAsync(
            async ct =>
            {
                await supervisor.ReconcileAsync(ct);
                return condition();
            },
            ShardHarness.Timeout,
            what);
    }

    // Just before the backoff ends a cycle does not restart the shard; just after its end it does. (The fake clock's
    // timestamps, ~6e17 ticks, reach the monotonic clock through a double, in steps of 128 ticks: "just after" is 1 ms.)
    private static async Task AssertRestartAfterAsync(ShardHarness harness, ShardSupervisor supervisor, TimeSpan backoff, int opened)
    {
        harness.Time.Advance(backoff - TimeSpan.FromMilliseconds(1));
        await supervisor.ReconcileAsync(CancellationToken.None);
        Assert.Equal(opened - 1, harness.Shards.Opened.Count(reader => reader.ShardId == Faulty));
        harness.Time.Advance(TimeSpan.FromMilliseconds(2));
        await supervisor.ReconcileAsync(CancellationToken.None);
        await ShardHarness.WaitUntilAsync(() => harness.Shards.Opened.Count(reader => reader.ShardId == Faulty) == opened, $"reader {opened} of {Faulty} opened");
    }
}
