using KinesisFlow.Coordination.Leases;
using Microsoft.Extensions.Time.Testing;
using static KinesisFlow.Coordination.Tests.Leases.LeaseBuilder;

namespace KinesisFlow.Coordination.Tests.Leases;

/// <summary>Expiry judged by the owner's heartbeat where it keeps one, by the lease's own counter where it does not.</summary>
public sealed class HeartbeatExpiryTests
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(10);

    [Fact]
    public void A_lease_whose_owner_keeps_beating_never_expires_though_its_own_counter_stands_still()
    {
        var time = new FakeTimeProvider();
        var tracker = new LeaseExpiryTracker(time, Duration);
        var lease = Owned("s", "alive", counter: 3);

        for (var beat = 1; beat <= 10; beat++)
        {
            var observations = tracker.Observe(new LeaseTableScan([lease], [new WorkerHeartbeat("alive", beat)]));
            Assert.False(LeaseExpiryTracker.IsExpired(lease, observations["s"], tracker.Now, Duration));
            time.Advance(TimeSpan.FromSeconds(4));
        }
    }

    [Fact]
    public void A_lease_whose_owner_stopped_beating_expires_a_lease_duration_after_the_last_beat_was_seen()
    {
        var time = new FakeTimeProvider();
        var tracker = new LeaseExpiryTracker(time, Duration);
        var lease = Owned("s", "dead", counter: 3);
        tracker.Observe(new LeaseTableScan([lease], [new WorkerHeartbeat("dead", 7)]));

        time.Advance(Duration);
        var observations = tracker.Observe(new LeaseTableScan([lease], [new WorkerHeartbeat("dead", 7)]));
        Assert.False(LeaseExpiryTracker.IsExpired(lease, observations["s"], tracker.Now, Duration));

        time.Advance(TimeSpan.FromTicks(1));
        observations = tracker.Observe(new LeaseTableScan([lease], [new WorkerHeartbeat("dead", 7)]));
        Assert.True(LeaseExpiryTracker.IsExpired(lease, observations["s"], tracker.Now, Duration));
    }

    [Fact]
    public void A_lease_whose_owner_has_no_heartbeat_item_expires_by_its_own_counter_as_a_KCL_workers_does()
    {
        var time = new FakeTimeProvider();
        var tracker = new LeaseExpiryTracker(time, Duration);
        var kcl = Owned("kcl-lease", "kcl-worker", counter: 1);
        tracker.Observe(new LeaseTableScan([kcl], [new WorkerHeartbeat("someone-else", 1)]));

        time.Advance(TimeSpan.FromSeconds(9));
        var renewed = kcl.Renewed();
        var observations = tracker.Observe(new LeaseTableScan([renewed], [new WorkerHeartbeat("someone-else", 2)]));
        time.Advance(TimeSpan.FromSeconds(9));
        observations = tracker.Observe(new LeaseTableScan([renewed], [new WorkerHeartbeat("someone-else", 3)]));
        Assert.False(LeaseExpiryTracker.IsExpired(renewed, observations["kcl-lease"], tracker.Now, Duration));

        time.Advance(TimeSpan.FromSeconds(2));
        observations = tracker.Observe(new LeaseTableScan([renewed], [new WorkerHeartbeat("someone-else", 4)]));
        Assert.True(LeaseExpiryTracker.IsExpired(renewed, observations["kcl-lease"], tracker.Now, Duration));
    }

    [Fact]
    public void A_lease_just_assigned_to_a_silent_worker_still_gets_a_full_duration_from_its_counter_change()
    {
        var time = new FakeTimeProvider();
        var tracker = new LeaseExpiryTracker(time, Duration);
        var lease = Owned("s", "silent", counter: 1);
        tracker.Observe(new LeaseTableScan([lease], [new WorkerHeartbeat("silent", 1)]));
        time.Advance(TimeSpan.FromSeconds(30));

        var taken = lease.TakenBy("silent");
        var observations = tracker.Observe(new LeaseTableScan([taken], [new WorkerHeartbeat("silent", 1)]));

        Assert.False(LeaseExpiryTracker.IsExpired(taken, observations["s"], tracker.Now, Duration));
    }

    [Fact]
    public void Workers_whose_heartbeat_moved_within_a_lease_duration_are_live_whether_or_not_they_hold_a_lease()
    {
        var time = new FakeTimeProvider();
        var tracker = new LeaseExpiryTracker(time, Duration);
        var lease = Owned("s", "holder", counter: 3);
        tracker.Observe(new LeaseTableScan([lease], [new WorkerHeartbeat("holder", 4), new WorkerHeartbeat("crashed", 9)]));

        // One look cannot tell a crashed worker's leftover item from a live one: only an item created since the last
        // look (a worker that has just started) counts yet; the holder counts through its lease, in the balancer.
        time.Advance(TimeSpan.FromSeconds(4));
        tracker.Observe(new LeaseTableScan([lease], [new WorkerHeartbeat("holder", 4), new WorkerHeartbeat("newcomer", 1), new WorkerHeartbeat("crashed", 9)]));
        Assert.Equal(["newcomer"], tracker.LiveWorkers);

        time.Advance(TimeSpan.FromSeconds(4));
        tracker.Observe(new LeaseTableScan([lease], [new WorkerHeartbeat("holder", 5), new WorkerHeartbeat("newcomer", 2), new WorkerHeartbeat("crashed", 9)]));
        Assert.Equal(["holder", "newcomer"], tracker.LiveWorkers.Order(StringComparer.Ordinal));

        // Silent for longer than the duration: no longer live.
        time.Advance(Duration + TimeSpan.FromSeconds(1));
        tracker.Observe(new LeaseTableScan([lease], [new WorkerHeartbeat("holder", 7), new WorkerHeartbeat("newcomer", 2), new WorkerHeartbeat("crashed", 9)]));
        Assert.Equal(["holder"], tracker.LiveWorkers);
    }

    [Fact]
    public void At_a_first_scan_a_low_counter_is_no_proof_of_life_so_a_leader_just_elected_does_not_count_a_worker_that_crashed_right_after_starting()
    {
        var time = new FakeTimeProvider();
        var tracker = new LeaseExpiryTracker(time, Duration);
        var lease = Owned("s", "holder", counter: 3);

        // "crashed" beat twice, then died (its item stays); "holder" is alive. A leader elected now has never scanned.
        tracker.Observe(new LeaseTableScan([lease], [new WorkerHeartbeat("holder", 40), new WorkerHeartbeat("crashed", 2)]));
        Assert.Empty(tracker.LiveWorkers);

        time.Advance(TimeSpan.FromSeconds(4));
        tracker.Observe(new LeaseTableScan([lease], [new WorkerHeartbeat("holder", 41), new WorkerHeartbeat("crashed", 2)]));
        Assert.Equal(["holder"], tracker.LiveWorkers);

        // A last scan longer than a lease duration ago is no watch either: the item may have appeared long before.
        time.Advance(Duration + TimeSpan.FromSeconds(1));
        tracker.Observe(new LeaseTableScan([lease], [new WorkerHeartbeat("holder", 44), new WorkerHeartbeat("other-crashed", 1)]));
        Assert.Equal(["holder"], tracker.LiveWorkers);
    }

    [Fact]
    public void On_a_table_nobody_owns_yet_every_heartbeat_first_seen_counts_so_that_a_starting_fleet_shares_at_once()
    {
        var time = new FakeTimeProvider();
        var tracker = new LeaseExpiryTracker(time, Duration);

        tracker.Observe(new LeaseTableScan([Lease.Create("s", ExtendedSequenceNumber.TrimHorizon)], [new WorkerHeartbeat("a", 1), new WorkerHeartbeat("b", 1)]));

        Assert.Equal(["a", "b"], tracker.LiveWorkers.Order(StringComparer.Ordinal));
    }
}
