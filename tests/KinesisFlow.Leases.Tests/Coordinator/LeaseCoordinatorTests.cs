using KinesisFlow.Coordination.Lag;
using KinesisFlow.Coordination.Leases;
using KinesisFlow.TestKit.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace KinesisFlow.Leases.Tests.Coordinator;

public sealed class LeaseCoordinatorTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_lone_worker_takes_every_lease_and_offers_them_for_processing()
    {
        await using var fleet = await CoordinatorTestFleet.WithLeasesAsync("shard-0", "shard-1", "shard-2");
        var worker = fleet.Worker("a");
        var changes = 0;
        worker.OwnedLeasesChanged += (_, _) => changes++;

        await worker.RunBalanceCycleAsync(None);

        Assert.Equal(["shard-0", "shard-1", "shard-2"], worker.OwnedLeases.Select(lease => lease.ShardId).Order());
        Assert.All(worker.OwnedLeases, lease => Assert.Equal(ExtendedSequenceNumber.TrimHorizon, lease.Checkpoint));
        Assert.True(changes >= 1);
        Assert.Equal("a", (await fleet.LeaseAsync("shard-0")).LeaseOwner);
    }

    [Fact]
    public async Task Renew_cycles_write_one_heartbeat_and_leave_the_lease_alone_while_checkpoints_are_fenced_by_its_counter()
    {
        await using var fleet = await CoordinatorTestFleet.WithLeasesAsync("shard-0");
        var worker = await fleet.BalancedWorkerAsync("a");
        var before = (await fleet.LeaseAsync("shard-0")).LeaseCounter;
        var cycles = 0;
        worker.RenewalCycleCompleted += (_, _) => cycles++;

        await worker.RunRenewCycleAsync(None);
        Assert.True(await worker.CheckpointAsync("shard-0", new ExtendedSequenceNumber("100"), None));
        await worker.RunRenewCycleAsync(None);

        var lease = await fleet.LeaseAsync("shard-0");
        Assert.Equal(before + 1, lease.LeaseCounter);
        Assert.Equal(new WorkerHeartbeat("a", 2), Assert.Single((await fleet.Store.ScanAsync(None)).Heartbeats));
        Assert.Equal(2, cycles);
        Assert.Equal(new ExtendedSequenceNumber("100"), lease.Checkpoint);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => worker.CheckpointAsync("shard-0", new ExtendedSequenceNumber("99"), None));
        Assert.False(await worker.CheckpointAsync("shard-unknown", new ExtendedSequenceNumber("1"), None));
    }

    [Fact]
    public async Task A_renewal_whose_answer_was_lost_does_not_cost_the_lease()
    {
        await using var fleet = await CoordinatorTestFleet.WithLeasesAsync("shard-0");
        var worker = await fleet.BalancedWorkerAsync("a");

        // The table moved on without the worker knowing (as when a renewal succeeded but its answer timed out).
        Assert.True(await fleet.Store.RenewAsync(await fleet.LeaseAsync("shard-0"), None));

        Assert.True(await worker.CheckpointAsync("shard-0", new ExtendedSequenceNumber("7"), None));
        await worker.RunRenewCycleAsync(None);
        Assert.Equal(LeaseRevocation.None, Assert.Single(worker.OwnedLeases).Revocation);
        Assert.Equal(new ExtendedSequenceNumber("7"), (await fleet.LeaseAsync("shard-0")).Checkpoint);
    }

    [Fact]
    public async Task A_lease_stolen_outright_is_revoked_as_lost_and_its_checkpoint_refused()
    {
        await using var fleet = await CoordinatorTestFleet.WithLeasesAsync("shard-0");
        var worker = await fleet.BalancedWorkerAsync("a");
        var owned = Assert.Single(worker.OwnedLeases);

        Assert.True(await fleet.Store.TakeAsync(await fleet.LeaseAsync("shard-0"), "b", None));
        await worker.RunRenewCycleAsync(None);

        Assert.True(owned.Revoked.IsCancellationRequested);
        Assert.Equal(LeaseRevocation.Lost, owned.Revocation);
        Assert.Empty(worker.OwnedLeases);
        Assert.False(await worker.CheckpointAsync("shard-0", new ExtendedSequenceNumber("5"), None));
        Assert.Equal(ExtendedSequenceNumber.TrimHorizon, (await fleet.LeaseAsync("shard-0")).Checkpoint);
    }

    [Fact]
    public async Task A_checkpoint_after_the_lease_was_taken_fails_without_a_renewal_in_between()
    {
        await using var fleet = await CoordinatorTestFleet.WithLeasesAsync("shard-0");
        var worker = await fleet.BalancedWorkerAsync("a");
        var owned = Assert.Single(worker.OwnedLeases);

        await fleet.Store.TakeAsync(await fleet.LeaseAsync("shard-0"), "b", None);

        Assert.False(await worker.CheckpointAsync("shard-0", new ExtendedSequenceNumber("5"), None));
        Assert.Equal(LeaseRevocation.Lost, owned.Revocation);
    }

    [Fact]
    public async Task A_newcomer_gets_leases_by_graceful_handoff_resuming_from_the_old_owners_last_checkpoint()
    {
        await using var fleet = await CoordinatorTestFleet.WithLeasesAsync("shard-0", "shard-1");
        var a = fleet.Worker("a");
        var b = fleet.Worker("b");
        await a.RunBalanceCycleAsync(None);

        await b.RunBalanceCycleAsync(None);
        var asked = Assert.Single(await fleet.Store.ListAsync(None), lease => lease.CheckpointOwner == "a");
        Assert.Equal("b", asked.LeaseOwner);
        Assert.Empty(b.OwnedLeases);

        await a.RunRenewCycleAsync(None);
        var handingOver = Assert.Single(new[] { "shard-0", "shard-1" }, id => !a.OwnedLeases.Any(lease => lease.ShardId == id));
        Assert.Equal(asked.LeaseKey, handingOver);
        Assert.True(await a.CheckpointAsync(handingOver, new ExtendedSequenceNumber("4242"), None));
        await b.RunRenewCycleAsync(None);
        Assert.True(await a.ReleaseAsync(handingOver, None));
        Assert.False(await a.CheckpointAsync(handingOver, new ExtendedSequenceNumber("4243"), None));

        await b.RunBalanceCycleAsync(None);
        var resumed = Assert.Single(b.OwnedLeases);
        Assert.Equal(handingOver, resumed.ShardId);
        Assert.Equal(new ExtendedSequenceNumber("4242"), resumed.Checkpoint);
        Assert.True(await b.CheckpointAsync(handingOver, new ExtendedSequenceNumber("5000"), None));
        Assert.Single(a.OwnedLeases);
    }

    [Fact]
    public async Task A_handoff_the_old_owner_never_finishes_is_ended_after_the_timeout()
    {
        await using var fleet = await CoordinatorTestFleet.WithLeasesAsync("shard-0", "shard-1");
        var a = fleet.Worker("a");
        var b = fleet.Worker("b");
        await a.RunBalanceCycleAsync(None);
        await b.RunBalanceCycleAsync(None);

        // a keeps renewing its other lease but never lets go of the one asked for.
        fleet.Time.Advance(fleet.Options.EffectiveHandoffTimeout / 2);
        await a.RunRenewCycleAsync(None);
        await b.RunRenewCycleAsync(None);
        await b.RunBalanceCycleAsync(None);
        Assert.Empty(b.OwnedLeases);

        fleet.Time.Advance(fleet.Options.EffectiveHandoffTimeout);
        await b.RunRenewCycleAsync(None);
        await b.RunBalanceCycleAsync(None);

        var taken = Assert.Single(b.OwnedLeases);
        Assert.Null((await fleet.LeaseAsync(taken.ShardId)).CheckpointOwner);
        Assert.False(await a.CheckpointAsync(taken.ShardId, new ExtendedSequenceNumber("1"), None));
    }

    [Fact]
    public async Task A_crashed_workers_leases_are_taken_only_after_a_full_lease_duration()
    {
        await using var fleet = await CoordinatorTestFleet.WithLeasesAsync("shard-0", "shard-1", "shard-2", "shard-3");
        var a = await fleet.BalancedWorkerAsync("a");
        await a.DisposeAsync();
        var b = await fleet.BalancedWorkerAsync("b");
        fleet.Time.Advance(fleet.Options.LeaseDuration);
        await b.RunBalanceCycleAsync(None);
        // Not yet: the counters have been still for exactly the duration, not longer. (b did ask a for one lease.)
        Assert.Empty(b.OwnedLeases);
        Assert.All(await fleet.Store.ListAsync(None), lease => Assert.Equal("a", lease.CheckpointOwner ?? lease.LeaseOwner));

        fleet.Time.Advance(TimeSpan.FromMilliseconds(1));
        await b.RunBalanceCycleAsync(None);

        Assert.Equal(4, b.OwnedLeases.Count);
    }

    [Fact]
    public async Task A_graceful_stop_releases_every_lease_for_peers_to_take_at_once()
    {
        await using var fleet = await CoordinatorTestFleet.WithLeasesAsync("shard-0", "shard-1", "shard-2");
        var a = await fleet.BalancedWorkerAsync("a");
        var owned = a.OwnedLeases;

        await a.StopAsync(None);

        Assert.All(owned, lease => Assert.Equal(LeaseRevocation.Released, lease.Revocation));
        Assert.All(await fleet.Store.ListAsync(None), lease => Assert.Null(lease.LeaseOwner));
        var b = await fleet.BalancedWorkerAsync("b");
        Assert.Equal(3, b.OwnedLeases.Count);
    }

    [Fact]
    public async Task Shard_end_creates_the_children_which_wait_for_every_parent()
    {
        await using var fleet = await CoordinatorTestFleet.WithLeasesAsync("parent-1", "parent-2");
        var a = await fleet.BalancedWorkerAsync("a");
        var child = new ChildShard("child-3", ["parent-1", "parent-2"], HashKeyRange.Full);

        Assert.True(await a.CheckpointShardEndAsync("parent-1", [child], None));
        await a.RunBalanceCycleAsync(None);
        Assert.DoesNotContain(a.OwnedLeases, lease => lease.ShardId == "child-3");
        var created = await fleet.LeaseAsync("child-3");
        Assert.Equal(["parent-1", "parent-2"], created.ParentShardIds.ToArray());
        Assert.Equal(["child-3"], (await fleet.LeaseAsync("parent-1")).ChildShardIds.ToArray());
        Assert.Equal(ExtendedSequenceNumber.ShardEnd, (await fleet.LeaseAsync("parent-1")).Checkpoint);

        Assert.True(await a.CheckpointShardEndAsync("parent-2", [child], None));
        await a.RunBalanceCycleAsync(None);

        var owned = Assert.Single(a.OwnedLeases);
        Assert.Equal("child-3", owned.ShardId);
        Assert.Equal(ExtendedSequenceNumber.TrimHorizon, owned.Checkpoint);
    }

    [Fact]
    public async Task Lag_reports_reach_the_table_in_the_heartbeat_and_no_lease_is_written_for_them()
    {
        await using var fleet = await CoordinatorTestFleet.WithLeasesAsync("shard-0", "shard-1");
        var a = await fleet.BalancedWorkerAsync("a");
        var leases = await fleet.Store.ListAsync(None);

        a.ReportLag("shard-0", 1500, oldestUnacknowledgedArrival: null);
        a.ReportLag("shard-1", 0, oldestUnacknowledgedArrival: null);
        await a.RunRenewCycleAsync(None);

        var lags = (await fleet.HeartbeatAsync("a")).Lags;
        Assert.NotNull(lags);
        Assert.Equal(fleet.Time.GetUtcNow(), lags.ReportedAt);
        Assert.Equal(new ShardLagFigures(1500, 1500), lags.Shards["shard-0"]);
        Assert.Equal(new ShardLagFigures(0, 0), lags.Shards["shard-1"]);
        Assert.Equal(leases, await fleet.Store.ListAsync(None));

        // A shard let go leaves the next report; with nothing left to report, the heartbeat carries none.
        Assert.True(await a.ReleaseAsync("shard-1", None));
        await a.RunRenewCycleAsync(None);
        Assert.Equal(["shard-0"], (await fleet.HeartbeatAsync("a")).Lags!.Shards.Keys);
        Assert.True(await a.ReleaseAsync("shard-0", None));
        await a.RunRenewCycleAsync(None);
        Assert.Null((await fleet.HeartbeatAsync("a")).Lags);
    }

    [Fact]
    public async Task A_stuck_shard_lag_keeps_growing_in_the_heartbeat_without_new_reports()
    {
        await using var fleet = await CoordinatorTestFleet.WithLeasesAsync("shard-0");
        var a = await fleet.BalancedWorkerAsync("a");

        // The last read said "caught up" and then a sink stopped answering: no read, no acknowledgement, no new report.
        var arrival = fleet.Time.GetUtcNow() - TimeSpan.FromSeconds(2);
        a.ReportLag("shard-0", 0, arrival);
        await a.RunRenewCycleAsync(None);
        Assert.Equal(new ShardLagFigures(0, 2_000), (await fleet.HeartbeatAsync("a")).Lags!.Shards["shard-0"]);

        // Every heartbeat computes the lag afresh: it has grown by the time passed.
        await RenewForAsync(a, fleet, fleet.Options.LeaseDuration);
        var lags = (await fleet.HeartbeatAsync("a")).Lags!;
        Assert.Equal(fleet.Time.GetUtcNow(), lags.ReportedAt);
        Assert.Equal(new ShardLagFigures(0, (long)(lags.ReportedAt - arrival).TotalMilliseconds), lags.Shards["shard-0"]);
        Assert.True(lags.Shards["shard-0"].ShardLagMillis >= (long)(TimeSpan.FromSeconds(2) + fleet.Options.LeaseDuration).TotalMilliseconds);

        // Once everything is acknowledged the lag falls back to MillisBehindLatest.
        a.ReportLag("shard-0", 250, oldestUnacknowledgedArrival: null);
        await RenewForAsync(a, fleet, fleet.Options.EffectiveRenewInterval);
        Assert.Equal(new ShardLagFigures(250, 250), (await fleet.HeartbeatAsync("a")).Lags!.Shards["shard-0"]);
    }

    /// <summary>Lets <paramref name="span"/> pass on fake time with a renewal cycle every renew interval, as the worker's loop would.</summary>
    private static async Task RenewForAsync(LeaseCoordinator worker, CoordinatorTestFleet fleet, TimeSpan span)
    {
        var interval = fleet.Options.EffectiveRenewInterval;
        for (var passed = TimeSpan.Zero; passed < span; passed += interval)
        {
            fleet.Time.Advance(interval);
            await worker.RunRenewCycleAsync(None);
        }
    }

    [Fact]
    public async Task The_loops_heartbeat_and_balance_on_the_clock_once_started_and_a_graceful_stop_leaves_nothing_behind()
    {
        await using var fleet = await CoordinatorTestFleet.WithLeasesAsync("shard-0");
        var a = fleet.Worker("a");
        await a.StartAsync(None);
        var beat = Assert.Single((await fleet.Store.ScanAsync(None)).Heartbeats).Counter;

        fleet.Time.Advance(fleet.Options.EffectiveRenewInterval);

        await TestKit.Eventually.WaitUntilAsync(
            async ct => (await fleet.Store.ScanAsync(ct)).Heartbeats.Single().Counter > beat, TimeSpan.FromSeconds(10), "a heartbeat");
        await a.StopAsync(None);
        Assert.Null((await fleet.LeaseAsync("shard-0")).LeaseOwner);
        Assert.Empty((await fleet.Store.ScanAsync(None)).Heartbeats);
    }

    [Fact]
    public async Task A_start_whose_first_reads_are_throttled_still_starts_and_the_loops_take_the_lease_next_interval()
    {
        await using var fleet = await CoordinatorTestFleet.WithLeasesAsync("shard-0");
        var store = new ThrottledRenewals(fleet.Store) { ReadsFailing = true };
        await using var worker = new LeaseCoordinator("a", store, fleet.Options, fleet.Time, NullLogger<LeaseCoordinator>.Instance);

        await worker.StartAsync(None);
        Assert.Empty(worker.OwnedLeases);

        store.ReadsFailing = false;
        fleet.Time.Advance(fleet.Options.EffectiveBalanceInterval);
        await TestKit.Eventually.WaitUntilAsync(
            () => worker.OwnedLeases.Count == 1, TimeSpan.FromSeconds(10), "the lease taken by the balance loop");
        await worker.StopAsync(None);
        Assert.Null((await fleet.LeaseAsync("shard-0")).LeaseOwner);
    }

    [Fact]
    public async Task Renewals_failing_for_a_whole_lease_duration_give_the_lease_up_as_lost()
    {
        await using var fleet = await CoordinatorTestFleet.WithLeasesAsync("shard-0");
        var store = new ThrottledRenewals(fleet.Store);
        await using var worker = new LeaseCoordinator("a", store, fleet.Options, fleet.Time, NullLogger<LeaseCoordinator>.Instance);
        var cycles = 0;
        worker.RenewalCycleCompleted += (_, _) => cycles++;
        await worker.RunBalanceCycleAsync(None);
        var owned = Assert.Single(worker.OwnedLeases);

        store.Failing = true;
        fleet.Time.Advance(fleet.Options.LeaseDuration);
        await worker.RunRenewCycleAsync(None);
        Assert.Equal(LeaseRevocation.None, owned.Revocation);

        fleet.Time.Advance(TimeSpan.FromMilliseconds(1));
        await worker.RunRenewCycleAsync(None);

        Assert.Equal(LeaseRevocation.Lost, owned.Revocation);
        Assert.Equal(0, cycles);
        store.Failing = false;
        await worker.RunRenewCycleAsync(None);
        Assert.Equal(1, cycles);
    }

    [Fact]
    public void Invalid_options_are_refused_naming_the_setting()
    {
        var options = new LeaseOptions { LeaseDuration = TimeSpan.FromSeconds(10), RenewInterval = TimeSpan.FromSeconds(8) };

        var error = Assert.Throws<ArgumentException>(() => new LeaseCoordinator(
            "a", new InMemoryLeaseStore(), options, TimeProvider.System, NullLogger<LeaseCoordinator>.Instance));

        Assert.Contains("Leases:RenewInterval", error.Message);
    }
}
