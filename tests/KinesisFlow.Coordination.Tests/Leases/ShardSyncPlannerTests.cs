using KinesisFlow.Coordination.Leases;

namespace KinesisFlow.Coordination.Tests.Leases;

public sealed class ShardSyncPlannerTests
{
    private static readonly UInt128 Half = UInt128.MaxValue / 2;

    // shard-0 (closed) split into shard-1 and shard-2 (open).
    private static readonly ShardInfo Parent = new("shard-0", null, null, HashKeyRange.Full, "99");
    private static readonly ShardInfo Left = new("shard-1", "shard-0", null, new HashKeyRange(0, Half));
    private static readonly ShardInfo Right = new("shard-2", "shard-0", null, new HashKeyRange(Half + 1, UInt128.MaxValue));
    private static readonly ShardInfo[] Split = [Right, Left, Parent];

    [Fact]
    public void A_fresh_table_at_trim_horizon_gets_every_shard_parents_first_with_lineage()
    {
        var plan = ShardSyncPlanner.Plan(Split, [], ExtendedSequenceNumber.TrimHorizon);

        Assert.Equal(["shard-0", "shard-1", "shard-2"], plan.Create.Select(lease => lease.LeaseKey));
        Assert.All(plan.Create, lease => Assert.Equal(ExtendedSequenceNumber.TrimHorizon, lease.Checkpoint));
        Assert.Equal(["shard-0"], plan.Create[1].ParentShardIds.ToArray());
        Assert.Equal(Left.HashKeyRange, plan.Create[1].HashKeyRange);
        Assert.Empty(plan.Delete);
    }

    [Fact]
    public void A_fresh_table_at_latest_gets_only_the_open_shards()
    {
        var plan = ShardSyncPlanner.Plan(Split, [], ExtendedSequenceNumber.Latest);

        Assert.Equal(["shard-1", "shard-2"], plan.Create.Select(lease => lease.LeaseKey));
        Assert.All(plan.Create, lease => Assert.Equal(ExtendedSequenceNumber.Latest, lease.Checkpoint));
    }

    [Fact]
    public void Children_of_a_shard_being_processed_start_at_trim_horizon_whatever_the_initial_position()
    {
        var parentLease = Lease.Create("shard-0", new ExtendedSequenceNumber("50"), hashKeyRange: HashKeyRange.Full) with { LeaseOwner = "w" };

        var plan = ShardSyncPlanner.Plan(Split, [parentLease], ExtendedSequenceNumber.Latest);

        Assert.Equal(["shard-1", "shard-2"], plan.Create.Select(lease => lease.LeaseKey));
        Assert.All(plan.Create, lease => Assert.Equal(ExtendedSequenceNumber.TrimHorizon, lease.Checkpoint));
    }

    [Fact]
    public void A_cleaned_up_parent_is_never_recreated_and_a_missing_sibling_is_repaired_from_trim_horizon()
    {
        var leftLease = Lease.Create("shard-1", new ExtendedSequenceNumber("70"), ["shard-0"], Left.HashKeyRange) with { LeaseOwner = "w" };

        var plan = ShardSyncPlanner.Plan(Split, [leftLease], ExtendedSequenceNumber.Latest);

        var repaired = Assert.Single(plan.Create);
        Assert.Equal("shard-2", repaired.LeaseKey);
        Assert.Equal(ExtendedSequenceNumber.TrimHorizon, repaired.Checkpoint);
        Assert.Equal([Right.HashKeyRange], plan.HolesBefore);
    }

    [Fact]
    public void A_finished_parent_is_deleted_once_every_child_is_under_way()
    {
        var finished = Lease.Create("shard-0", ExtendedSequenceNumber.ShardEnd, hashKeyRange: HashKeyRange.Full) with { ChildShardIds = ["shard-1", "shard-2"] };
        var started = Lease.Create("shard-1", new ExtendedSequenceNumber("70"), ["shard-0"], Left.HashKeyRange);
        var waiting = Lease.Create("shard-2", ExtendedSequenceNumber.TrimHorizon, ["shard-0"], Right.HashKeyRange);

        var notYet = ShardSyncPlanner.Plan(Split, [finished, started, waiting], ExtendedSequenceNumber.TrimHorizon);
        var now = ShardSyncPlanner.Plan(Split, [finished, started, waiting with { LeaseOwner = "w" }], ExtendedSequenceNumber.TrimHorizon);

        Assert.Empty(notYet.Delete);
        Assert.Equal(["shard-0"], now.Delete.Select(lease => lease.LeaseKey));
        Assert.Empty(now.Create);
        Assert.Empty(now.HolesBefore);
    }

    [Fact]
    public void A_merge_records_both_parents()
    {
        ShardInfo[] merge =
        [
            new("shard-a", null, null, new HashKeyRange(0, Half), "9"),
            new("shard-b", null, null, new HashKeyRange(Half + 1, UInt128.MaxValue), "9"),
            new("shard-c", "shard-a", "shard-b", HashKeyRange.Full),
        ];

        var plan = ShardSyncPlanner.Plan(merge, [], ExtendedSequenceNumber.AtTimestamp);

        Assert.Equal(["shard-a", "shard-b", "shard-c"], plan.Create.Select(lease => lease.LeaseKey));
        Assert.Equal(["shard-a", "shard-b"], plan.Create[2].ParentShardIds.ToArray());
        Assert.Equal(ExtendedSequenceNumber.AtTimestamp, plan.Create[0].Checkpoint);
        Assert.Equal(ExtendedSequenceNumber.TrimHorizon, plan.Create[2].Checkpoint);
    }

    [Fact]
    public void Existing_leases_are_left_alone()
    {
        var leases = Split.Select(shard => Lease.Create(shard.ShardId, ExtendedSequenceNumber.TrimHorizon, shard.ParentShardIds, shard.HashKeyRange)).ToList();

        var plan = ShardSyncPlanner.Plan(Split, leases, ExtendedSequenceNumber.TrimHorizon);

        Assert.Empty(plan.Create);
        Assert.Empty(plan.Delete);
    }

    [Fact]
    public void The_initial_position_must_be_a_starting_sentinel() =>
        Assert.Throws<ArgumentException>(() => ShardSyncPlanner.Plan(Split, [], new ExtendedSequenceNumber("5")));
}
