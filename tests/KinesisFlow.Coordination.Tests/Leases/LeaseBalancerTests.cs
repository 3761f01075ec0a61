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

        var plan = LeaseBalancer.Plan(Snapshot("me", leases), Options, new Random(1));

        Assert.Equal(5, plan.Target);
        Assert.Equal(1, plan.LiveWorkers);
        Assert.Equal(leases.Select(l => l.LeaseKey).Order(), plan.Take.Select(l => l.LeaseKey).Order());
        Assert.Empty(plan.RequestHandoff);
    }

    [Fact]
    public void Takes_only_up_to_the_target_of_ceil_leases_over_live_workers()
    {
        var leases = OwnedBy("other", 3, "o").Concat(Enumerable.Range(0, 4).Select(i => Owned($"u-{i}", null))).ToList();

        var plan = LeaseBalancer.Plan(Snapshot("me", leases), Options, new Random(1));

        Assert.Equal(4, plan.Target);
        Assert.Equal(4, plan.Take.Count);
        Assert.All(plan.Take, lease => Assert.Null(lease.LeaseOwner));
    }

    [Fact]
    public void Expired_leases_are_taken_only_once_unchanged_for_longer_than_the_duration()
    {
        var leases = OwnedBy("dead", 4, "d");

        var atDuration = LeaseBalancer.Plan(Snapshot("me", leases, TimeSpan.Zero, Options.LeaseDuration), Options, new Random(1));
        var after = LeaseBalancer.Plan(Snapshot("me", leases, TimeSpan.Zero, Options.LeaseDuration + TimeSpan.FromTicks(1)), Options, new Random(1));

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

        var waiting = LeaseBalancer.Plan(Snapshot("me", [parentA, parentB, child]), Options, new Random(1));
        var ready = LeaseBalancer.Plan(Snapshot("me", [parentA with { Checkpoint = ExtendedSequenceNumber.ShardEnd }, parentB, child]), Options, new Random(1));

        Assert.DoesNotContain(waiting.Take, lease => lease.LeaseKey == "child");
        Assert.Equal(["child"], ready.Take.Select(lease => lease.LeaseKey));
    }

    [Fact]
    public void A_handoff_whose_new_owner_died_expires_like_any_lease_for_its_old_owner_and_everyone_else()
    {
        var handingOver = Owned("given", "new") with { CheckpointOwner = "me" };

        var early = LeaseBalancer.Plan(Snapshot("me", [handingOver], TimeSpan.Zero, Options.LeaseDuration), Options, new Random(1));
        var plan = LeaseBalancer.Plan(Snapshot("me", [handingOver], TimeSpan.Zero, Options.LeaseDuration * 2), Options, new Random(1));
        var peer = LeaseBalancer.Plan(Snapshot("other", [handingOver], TimeSpan.Zero, Options.LeaseDuration * 2), Options, new Random(1));

        Assert.Empty(early.Take);
        Assert.Equal(["given"], plan.Take.Select(lease => lease.LeaseKey));
        Assert.Equal(["given"], peer.Take.Select(lease => lease.LeaseKey));
    }

    [Fact]
    public void Finished_leases_are_nobodys_load()
    {
        var leases = OwnedBy("other", 4, "f").Select(lease => lease with { Checkpoint = ExtendedSequenceNumber.ShardEnd })
            .Append(Owned("open", null)).ToList();

        var plan = LeaseBalancer.Plan(Snapshot("me", leases), Options, new Random(1));

        Assert.Equal(1, plan.Target);
        Assert.Equal(["open"], plan.Take.Select(lease => lease.LeaseKey));
    }

    [Fact]
    public void Asks_the_most_loaded_worker_for_one_lease_by_graceful_handoff()
    {
        var leases = OwnedBy("big", 6, "b").Concat(OwnedBy("mid", 4, "m")).ToList();

        var plan = LeaseBalancer.Plan(Snapshot("me", leases), Options, new Random(1));

        Assert.Equal(4, plan.Target);
        var asked = Assert.Single(plan.RequestHandoff);
        Assert.Equal("big", asked.LeaseOwner);
        Assert.Empty(plan.Steal);
        Assert.Empty(plan.Take);
    }

    [Fact]
    public void Steals_outright_when_graceful_handoff_is_off_and_at_most_the_configured_number()
    {
        var options = new LeaseOptions { GracefulHandoff = false, MaxLeasesToStealAtOnce = 2 };
        var leases = OwnedBy("big", 8, "b");

        var plan = LeaseBalancer.Plan(Snapshot("me", leases), options, new Random(1));

        Assert.Equal(2, plan.Steal.Count);
        Assert.All(plan.Steal, lease => Assert.Equal("big", lease.LeaseOwner));
        Assert.Empty(plan.RequestHandoff);
    }

    [Fact]
    public void Never_moves_a_lease_when_that_would_not_narrow_the_gap()
    {
        // 5 / 4 / 4 over 13 leases: target 5; nobody is two apart.
        var leases = OwnedBy("a", 5, "a").Concat(OwnedBy("b", 4, "b")).Concat(OwnedBy("me", 4, "m")).ToList();

        var plan = LeaseBalancer.Plan(Snapshot("me", leases), Options, new Random(1));

        Assert.False(plan.HasMoves);
        Assert.Equal(4, plan.Renew.Count);
    }

    [Fact]
    public void Does_not_steal_while_unowned_leases_remain_or_a_handoff_to_it_is_pending()
    {
        var withUnowned = OwnedBy("big", 6, "b").Append(Owned("free", null)).ToList();
        var pending = OwnedBy("big", 6, "b").Append(Owned("asked", "me") with { CheckpointOwner = "big" }).ToList();

        var takeFirst = LeaseBalancer.Plan(Snapshot("me", withUnowned), Options, new Random(1));
        var waitForHandoff = LeaseBalancer.Plan(Snapshot("me", pending), Options, new Random(1));

        Assert.Equal(["free"], takeFirst.Take.Select(lease => lease.LeaseKey));
        Assert.Empty(takeFirst.RequestHandoff);
        Assert.Empty(waitForHandoff.RequestHandoff);
        Assert.Equal(["asked"], waitForHandoff.Renew.Select(lease => lease.LeaseKey));
    }

    [Fact]
    public void A_stalled_handoff_to_this_worker_is_ended_after_the_timeout()
    {
        var asked = Owned("asked", "me") with { CheckpointOwner = "old" };

        var early = LeaseBalancer.Plan(Snapshot("me", [asked], TimeSpan.Zero, Options.EffectiveHandoffTimeout), Options, new Random(1));
        var late = LeaseBalancer.Plan(Snapshot("me", [asked], TimeSpan.Zero, Options.EffectiveHandoffTimeout + TimeSpan.FromTicks(1)), Options, new Random(1));

        Assert.Empty(early.EndStalledHandoff);
        Assert.Equal(["asked"], late.EndStalledHandoff.Select(lease => lease.LeaseKey));
        Assert.Empty(late.Renew);
    }

    [Fact]
    public void Releases_leases_beyond_the_maximum_per_worker_and_caps_the_target()
    {
        var options = new LeaseOptions { MaxLeasesPerWorker = 3 };
        var leases = OwnedBy("me", 5, "m").Concat(Enumerable.Range(0, 3).Select(i => Owned($"u-{i}", null))).ToList();

        var plan = LeaseBalancer.Plan(Snapshot("me", leases), options, new Random(1));

        Assert.Equal(3, plan.Target);
        Assert.Equal(2, plan.Release.Count);
        Assert.Equal(3, plan.Renew.Count);
        Assert.Empty(plan.Take);
    }

    [Fact]
    public void Competing_newcomers_are_damped_to_about_one_move_per_cycle()
    {
        // One worker holds 12; three newcomers (each holding one already, so all are visible) could all ask it.
        var leases = OwnedBy("big", 12, "b").Concat(OwnedBy("n1", 1, "x")).Concat(OwnedBy("n2", 1, "y")).Concat(OwnedBy("me", 1, "z")).ToList();
        var random = new Random(7);

        var moves = Enumerable.Range(0, 3000).Count(_ => LeaseBalancer.Plan(Snapshot("me", leases), Options, random).RequestHandoff.Count > 0);

        // Probability 1/3 per cycle for each of the three.
        Assert.InRange(moves, 850, 1150);
    }

    [Fact]
    public void The_same_seed_gives_the_same_plan_whatever_the_listing_order()
    {
        var leases = Enumerable.Range(0, 20).Select(i => Owned($"s-{i:D2}", null)).ToList();
        var shuffled = leases.AsEnumerable().Reverse().ToList();
        var options = new LeaseOptions();
        var withOthers = leases.Concat(OwnedBy("x", 10, "x")).ToList();

        var first = LeaseBalancer.Plan(Snapshot("me", withOthers), options, new Random(42));
        var second = LeaseBalancer.Plan(Snapshot("me", shuffled.Concat(OwnedBy("x", 10, "x")).ToList()), options, new Random(42));

        Assert.Equal(first.Take.Select(l => l.LeaseKey), second.Take.Select(l => l.LeaseKey));
        Assert.Equal(15, first.Take.Count);
    }
}
