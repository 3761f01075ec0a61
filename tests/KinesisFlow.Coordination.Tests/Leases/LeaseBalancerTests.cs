using KinesisFlow.Coordination.Leases;
using static KinesisFlow.Coordination.Tests.Leases.LeaseBuilder;

namespace KinesisFlow.Coordination.Tests.Leases;

public sealed class LeaseBalancerTests
{
    private static readonly LeaseOptions Options = new();

    [Fact]
    public void A_lone_worker_takes_every_unowned_lease()
    {
        var leases = OwnedBy(null!, 5, "s").Select(lease => lease with { LeaseOwner = null }).ToList();

        var plan = LeaseBalancer.Plan(Snapshot("me", leases), Options);

        Assert.Equal(5, plan.Target);
        Assert.Equal(1, plan.LiveWorkers);
        Assert.Equal(leases.Select(l => l.LeaseKey).Order(), plan.Take.Select(l => l.LeaseKey).Order());
        Assert.Empty(plan.RequestHandoff);
    }

    [Fact]
    public void Takes_its_share_of_unowned_leases_and_leaves_the_extra_one_to_the_more_loaded_worker()
    {
        var leases = OwnedBy("other", 3, "o").Concat(Enumerable.Range(0, 4).Select(i => Owned($"u-{i}", null))).ToList();

        var plan = LeaseBalancer.Plan(Snapshot("me", leases), Options);

        // 7 over 2: the worker already holding 3 gets the 4th slot, so one fewer lease needs a new owner.
        Assert.Equal(3, plan.Target);
        Assert.Equal(["u-0", "u-1", "u-2"], plan.Take.Select(lease => lease.LeaseKey));
        Assert.Empty(plan.RequestHandoff);
    }

    [Fact]
    public void Expired_leases_are_taken_only_once_unchanged_for_longer_than_the_duration()
    {
        var leases = OwnedBy("dead", 4, "d");

        var atDuration = LeaseBalancer.Plan(Snapshot("me", leases, TimeSpan.Zero, Options.LeaseDuration), Options);
        var after = LeaseBalancer.Plan(Snapshot("me", leases, TimeSpan.Zero, Options.LeaseDuration + TimeSpan.FromTicks(1)), Options);

        Assert.Empty(atDuration.Take);
        Assert.Equal(2, atDuration.Target);
        Assert.Equal(1, after.LiveWorkers);
        Assert.Equal(4, after.Take.Count);
    }

    [Fact]
    public void A_lease_whose_counter_moved_since_it_was_observed_is_not_expired()
    {
        var lease = Owned("s-0", "other", counter: 7);
        var snapshot = new LeaseSnapshot("me", [lease], new Dictionary<string, LeaseObservation> { ["s-0"] = new(6, TimeSpan.Zero, null, TimeSpan.Zero) }, TimeSpan.FromMinutes(5));

        Assert.False(LeaseBalancer.IsExpired(lease, snapshot, Options));
    }

    [Fact]
    public void A_child_waits_until_every_parent_is_finished_or_gone()
    {
        var parentA = Owned("parent-a", "other");
        var parentB = Owned("parent-b", null) with { Checkpoint = ExtendedSequenceNumber.ShardEnd };
        var child = Lease.Create("child", ExtendedSequenceNumber.TrimHorizon, ["parent-a", "parent-b", "parent-trimmed"]);

        var waiting = LeaseBalancer.Plan(Snapshot("me", [parentA, parentB, child]), Options);
        var ready = LeaseBalancer.Plan(Snapshot("me", [parentA with { Checkpoint = ExtendedSequenceNumber.ShardEnd }, parentB, child]), Options);

        Assert.DoesNotContain(waiting.Take, lease => lease.LeaseKey == "child");
        Assert.Equal(["child"], ready.Take.Select(lease => lease.LeaseKey));
    }

    [Fact]
    public void A_handoff_whose_new_owner_died_expires_like_any_lease_for_its_old_owner_and_everyone_else()
    {
        var handingOver = Owned("given", "new") with { CheckpointOwner = "me" };

        var early = LeaseBalancer.Plan(Snapshot("me", [handingOver], TimeSpan.Zero, Options.LeaseDuration), Options);
        var plan = LeaseBalancer.Plan(Snapshot("me", [handingOver], TimeSpan.Zero, Options.LeaseDuration * 2), Options);
        var peer = LeaseBalancer.Plan(Snapshot("other", [handingOver], TimeSpan.Zero, Options.LeaseDuration * 2), Options);

        Assert.Empty(early.Take);
        Assert.Equal(["given"], plan.Take.Select(lease => lease.LeaseKey));
        Assert.Equal(["given"], peer.Take.Select(lease => lease.LeaseKey));
    }

    [Fact]
    public void Finished_leases_are_nobodys_load()
    {
        var leases = OwnedBy("other", 4, "f").Select(lease => lease with { Checkpoint = ExtendedSequenceNumber.ShardEnd })
            .Append(Owned("open", null)).ToList();

        var plan = LeaseBalancer.Plan(Snapshot("me", leases), Options);

        Assert.Equal(1, plan.Target);
        Assert.Equal(["open"], plan.Take.Select(lease => lease.LeaseKey));
    }

    [Fact]
    public void Asks_every_worker_above_its_quota_for_exactly_its_excess_in_one_cycle()
    {
        // 10 over 3: quotas 4 (the most loaded keeps the extra one), 3, 3.
        var leases = OwnedBy("big", 6, "b").Concat(OwnedBy("mid", 4, "m")).ToList();

        var plan = LeaseBalancer.Plan(Snapshot("me", leases), Options);

        Assert.Equal(3, plan.Target);
        Assert.Equal(["b-000", "b-001", "m-000"], plan.RequestHandoff.Select(lease => lease.LeaseKey));
        Assert.Empty(plan.Steal);
        Assert.Empty(plan.Take);
    }

    [Fact]
    public void Steals_outright_when_graceful_handoff_is_off_and_at_most_the_configured_number()
    {
        var options = new LeaseOptions { GracefulHandoff = false, MaxLeasesToStealAtOnce = 2 };
        var leases = OwnedBy("big", 8, "b");

        var plan = LeaseBalancer.Plan(Snapshot("me", leases), options);

        Assert.Equal(2, plan.Steal.Count);
        Assert.All(plan.Steal, lease => Assert.Equal("big", lease.LeaseOwner));
        Assert.Empty(plan.RequestHandoff);
    }

    [Fact]
    public void Never_moves_a_lease_when_that_would_not_narrow_the_gap()
    {
        // 5 / 4 / 4 over 13 leases: target 5; nobody is two apart.
        var leases = OwnedBy("a", 5, "a").Concat(OwnedBy("b", 4, "b")).Concat(OwnedBy("me", 4, "m")).ToList();

        var plan = LeaseBalancer.Plan(Snapshot("me", leases), Options);

        Assert.False(plan.HasMoves);
        Assert.Equal(4, plan.Renew.Count);
    }

    [Fact]
    public void Takes_unowned_leases_first_and_moves_only_what_they_do_not_cover()
    {
        var leases = OwnedBy("big", 6, "b").Append(Owned("free", null)).ToList();

        var plan = LeaseBalancer.Plan(Snapshot("me", leases), Options);

        // 7 over 2: big keeps 4; this worker takes the free lease and asks big for two.
        Assert.Equal(["free"], plan.Take.Select(lease => lease.LeaseKey));
        Assert.Equal(["b-000", "b-001"], plan.RequestHandoff.Select(lease => lease.LeaseKey));
    }

    [Fact]
    public void A_lease_being_handed_over_counts_for_its_new_owner_and_is_not_moved_again()
    {
        // Three handoffs to "me" under way; a worker known from elsewhere (a heartbeat) holds nothing yet.
        var leases = OwnedBy("me", 3, "h").Select(lease => lease with { CheckpointOwner = "old" }).ToList();
        var snapshot = Snapshot("newcomer", leases) with { KnownWorkers = ["me"] };

        var fleet = LeaseBalancer.Assign(snapshot, Options);

        Assert.Equal(3, fleet.Loads["me"]);
        Assert.Equal(2, fleet.Quotas["me"]);
        Assert.Empty(fleet.Moves);
        Assert.Equal(1, fleet.Deferred);
    }

    [Fact]
    public void A_stalled_handoff_to_this_worker_is_ended_after_the_timeout()
    {
        var asked = Owned("asked", "me") with { CheckpointOwner = "old" };

        var early = LeaseBalancer.Plan(Snapshot("me", [asked], TimeSpan.Zero, Options.EffectiveHandoffTimeout), Options);
        var late = LeaseBalancer.Plan(Snapshot("me", [asked], TimeSpan.Zero, Options.EffectiveHandoffTimeout + TimeSpan.FromTicks(1)), Options);

        Assert.Empty(early.EndStalledHandoff);
        Assert.Equal(["asked"], late.EndStalledHandoff.Select(lease => lease.LeaseKey));
        Assert.Empty(late.Renew);
    }

    [Fact]
    public void Releases_leases_beyond_the_maximum_per_worker_and_caps_the_target()
    {
        var options = new LeaseOptions { MaxLeasesPerWorker = 3 };
        var leases = OwnedBy("me", 5, "m").Concat(Enumerable.Range(0, 3).Select(i => Owned($"u-{i}", null))).ToList();

        var plan = LeaseBalancer.Plan(Snapshot("me", leases), options);

        Assert.Equal(3, plan.Target);
        Assert.Equal(2, plan.Release.Count);
        Assert.Equal(3, plan.Renew.Count);
        Assert.Empty(plan.Take);
    }

    [Fact]
    public void Workers_planning_from_the_same_listing_ask_for_disjoint_leases_that_balance_the_fleet_at_once()
    {
        // One worker holds 12; three newcomers hold one each: 15 over 4 = 4, 4, 4, 3.
        var leases = OwnedBy("big", 12, "b").Concat(OwnedBy("n1", 1, "x")).Concat(OwnedBy("n2", 1, "y")).Concat(OwnedBy("me", 1, "z")).ToList();

        var plans = new[] { "big", "me", "n1", "n2" }.ToDictionary(worker => worker, worker => LeaseBalancer.Plan(Snapshot(worker, leases), Options));

        var asked = plans.Values.SelectMany(plan => plan.RequestHandoff).Select(lease => lease.LeaseKey).ToList();
        Assert.Equal(8, asked.Count);
        Assert.Equal(asked.Count, asked.Distinct().Count());
        Assert.Empty(plans["big"].RequestHandoff);
        Assert.Equal([3, 3, 2], new[] { "me", "n1", "n2" }.Select(worker => plans[worker].RequestHandoff.Count));
        Assert.All(plans.Values, plan => Assert.Empty(plan.Take));
    }

    [Fact]
    public void A_worker_holding_everything_is_relieved_of_all_its_excess_in_one_cycle()
    {
        var leases = OwnedBy("first", 64, "s");
        var known = new[] { "first", "w1", "w2", "w3" };

        var plans = known.Select(worker => LeaseBalancer.Plan(Snapshot(worker, leases) with { KnownWorkers = known }, Options)).ToList();

        Assert.Equal([0, 16, 16, 16], plans.Select(plan => plan.RequestHandoff.Count));
        Assert.Equal(48, plans.SelectMany(plan => plan.RequestHandoff).Select(lease => lease.LeaseKey).Distinct().Count());
    }

    [Fact]
    public void A_newcomer_nobody_knows_of_yet_still_plans_its_own_share()
    {
        // Without heartbeats a worker holding nothing is invisible to its peers; it counts itself in.
        var leases = OwnedBy("a", 5, "a").Concat(OwnedBy("b", 5, "b")).ToList();

        var newcomer = LeaseBalancer.Plan(Snapshot("c", leases), Options);
        var peer = LeaseBalancer.Plan(Snapshot("a", leases), Options);

        Assert.Equal(3, newcomer.LiveWorkers);
        Assert.Equal(3, newcomer.RequestHandoff.Count);
        Assert.False(peer.HasMoves);
    }

    [Fact]
    public void The_per_cycle_limit_caps_what_one_worker_receives_from_peers_but_not_its_takes()
    {
        var options = new LeaseOptions { MaxLeasesToStealAtOnce = 2 };
        var leases = OwnedBy("big", 12, "b").Concat(Enumerable.Range(0, 2).Select(i => Owned($"u-{i}", null))).ToList();

        var limited = LeaseBalancer.Plan(Snapshot("me", leases), options);
        var unlimited = LeaseBalancer.Plan(Snapshot("me", leases), Options);

        Assert.Equal(0, Options.MaxLeasesToStealAtOnce);
        Assert.Equal((2, 2), (limited.Take.Count, limited.RequestHandoff.Count));
        Assert.Equal((2, 5), (unlimited.Take.Count, unlimited.RequestHandoff.Count));
    }

    [Fact]
    public void The_plan_is_the_same_whatever_order_the_table_listed_the_leases_in()
    {
        var leases = Enumerable.Range(0, 20).Select(i => Owned($"s-{i:D2}", null)).ToList();
        var shuffled = leases.AsEnumerable().Reverse().ToList();
        var options = new LeaseOptions();
        var withOthers = leases.Concat(OwnedBy("x", 10, "x")).ToList();

        var first = LeaseBalancer.Plan(Snapshot("me", withOthers), options);
        var second = LeaseBalancer.Plan(Snapshot("me", shuffled.Concat(OwnedBy("x", 10, "x")).ToList()), options);

        Assert.Equal(first.Take.Select(l => l.LeaseKey), second.Take.Select(l => l.LeaseKey));
        Assert.Equal(15, first.Take.Count);
    }
}
