using KinesisFlow.Coordination.Leases;

namespace KinesisFlow.Leases.Tests.Stores;

/// <summary>
/// What every <see cref="ILeaseStore"/> must do, run against the in-memory store and DynamoDB (dynalite) alike:
/// each mutation succeeds only on the state last seen, and a lost condition is false, not an exception.
/// </summary>
public abstract partial class LeaseStoreContract
{
    private static readonly CancellationToken None = CancellationToken.None;

    protected abstract Task<ILeaseStore> NewStoreAsync();

    [Fact]
    public async Task A_created_lease_reads_back_with_every_attribute()
    {
        var store = await NewStoreAsync();
        var lease = Lease.Create("shardId-000000000002", ExtendedSequenceNumber.TrimHorizon, ["shardId-000000000000", "shardId-000000000001"], new HashKeyRange(5, UInt128.MaxValue)) with
        {
            LeaseOwner = "worker-a",
            LeaseCounter = 7,
            Checkpoint = new ExtendedSequenceNumber("49590338271490256608559692538361571095921575989136588898", 3),
            OwnerSwitchesSinceCheckpoint = 2,
            ChildShardIds = ["shardId-000000000003"],
            CheckpointOwner = "worker-b",
        };

        Assert.True(await store.CreateIfAbsentAsync(lease, None));
        var read = await store.GetAsync(lease.LeaseKey, None);

        AssertSame(lease, read);
        AssertSame(lease, Assert.Single(await store.ListAsync(None)));
    }

    [Fact]
    public async Task A_lease_without_optional_attributes_reads_back_empty()
    {
        var store = await NewStoreAsync();
        var lease = Lease.Create("shardId-000000000000", ExtendedSequenceNumber.Latest);

        await store.CreateIfAbsentAsync(lease, None);

        AssertSame(lease, await store.GetAsync(lease.LeaseKey, None));
        Assert.Null(await store.GetAsync("shardId-000000000099", None));
    }

    [Fact]
    public async Task Create_if_absent_never_overwrites()
    {
        var store = await NewStoreAsync();
        var first = Lease.Create("shardId-000000000000", ExtendedSequenceNumber.TrimHorizon);
        await store.CreateIfAbsentAsync(first, None);

        Assert.False(await store.CreateIfAbsentAsync(first with { Checkpoint = ExtendedSequenceNumber.Latest }, None));
        Assert.Equal(ExtendedSequenceNumber.TrimHorizon, (await store.GetAsync(first.LeaseKey, None))!.Checkpoint);
    }

    [Fact]
    public async Task Taking_an_unowned_lease_sets_the_owner_and_bumps_the_counter()
    {
        var (store, seen) = await StoreWithLeaseAsync();

        Assert.True(await store.TakeAsync(seen, "worker-a", None));

        var taken = await ReadAsync(store, seen);
        Assert.Equal("worker-a", taken.LeaseOwner);
        Assert.Equal(seen.LeaseCounter + 1, taken.LeaseCounter);
        Assert.Equal(1, taken.OwnerSwitchesSinceCheckpoint);
        AssertSame(seen.TakenBy("worker-a"), taken);
    }

    [Fact]
    public async Task Every_mutation_on_a_stale_counter_fails_and_writes_nothing()
    {
        var (store, seen) = await StoreWithLeaseAsync();
        await store.TakeAsync(seen, "worker-a", None);
        var current = await ReadAsync(store, seen);
        var stale = current with { LeaseCounter = current.LeaseCounter - 1 };

        Assert.False(await store.RenewAsync(stale, None));
        Assert.False(await store.TakeAsync(stale, "worker-b", None));
        Assert.False(await store.ReleaseAsync(stale, None));
        Assert.False(await store.CheckpointAsync(stale, new ExtendedSequenceNumber("100"), null, None));
        Assert.False(await store.RequestHandoffAsync(stale, "worker-b", None));
        Assert.False(await store.DeleteAsync(stale, None));

        AssertSame(current, await ReadAsync(store, seen));
    }

    [Fact]
    public async Task Only_the_owner_as_seen_may_renew()
    {
        var (store, seen) = await StoreWithLeaseAsync();
        await store.TakeAsync(seen, "worker-a", None);
        var held = seen.TakenBy("worker-a");

        Assert.False(await store.RenewAsync(held with { LeaseOwner = "worker-b" }, None));
        Assert.True(await store.RenewAsync(held, None));
        Assert.True(await store.RenewAsync(held.Renewed(), None));

        Assert.Equal(held.LeaseCounter + 2, (await ReadAsync(store, seen)).LeaseCounter);
    }

    [Fact]
    public async Task A_stolen_lease_is_lost_to_its_old_owner()
    {
        var (store, seen) = await StoreWithLeaseAsync();
        await store.TakeAsync(seen, "worker-a", None);
        var heldByA = seen.TakenBy("worker-a");

        var seenByB = await ReadAsync(store, seen);
        Assert.True(await store.TakeAsync(seenByB, "worker-b", None));

        Assert.False(await store.RenewAsync(heldByA, None));
        Assert.False(await store.CheckpointAsync(heldByA, new ExtendedSequenceNumber("100"), null, None));
        Assert.False(await store.ReleaseAsync(heldByA, None));
        var now = await ReadAsync(store, seen);
        Assert.Equal("worker-b", now.LeaseOwner);
        Assert.Equal(2, now.OwnerSwitchesSinceCheckpoint);
    }

    [Fact]
    public async Task A_checkpoint_records_the_position_resets_switches_and_bumps_the_counter()
    {
        var (store, seen) = await StoreWithLeaseAsync();
        await store.TakeAsync(seen, "worker-a", None);
        var held = seen.TakenBy("worker-a");
        var position = new ExtendedSequenceNumber("49590338271490256608559692538361571095921575989136588898", 4);

        Assert.True(await store.CheckpointAsync(held, position, null, None));
        var after = held.Checkpointed(position);
        Assert.True(await store.CheckpointAsync(after, ExtendedSequenceNumber.ShardEnd, ["shardId-000000000005", "shardId-000000000004"], None));

        var read = await ReadAsync(store, seen);
        Assert.Equal(ExtendedSequenceNumber.ShardEnd, read.Checkpoint);
        Assert.Equal(0, read.OwnerSwitchesSinceCheckpoint);
        Assert.Equal(held.LeaseCounter + 2, read.LeaseCounter);
        Assert.Equal(["shardId-000000000004", "shardId-000000000005"], read.ChildShardIds.ToArray());
        Assert.True(read.IsFinished);
    }

    [Fact]
    public async Task A_graceful_handoff_lets_the_old_owner_checkpoint_until_it_lets_go()
    {
        var (store, seen) = await StoreWithLeaseAsync();
        await store.TakeAsync(seen, "worker-a", None);
        var heldByA = seen.TakenBy("worker-a");

        var seenByB = await ReadAsync(store, seen);
        Assert.True(await store.RequestHandoffAsync(seenByB, "worker-b", None));
        var heldByB = seenByB.HandoffRequestedTo("worker-b");
        Assert.False(await store.RequestHandoffAsync(heldByB, "worker-c", None));

        // A's renewal fails (it learns of the handoff); B renews meanwhile; A still checkpoints and then lets go.
        Assert.False(await store.RenewAsync(heldByA, None));
        var handingOff = await ReadAsync(store, seen);
        Assert.Equal(("worker-b", "worker-a"), (handingOff.LeaseOwner, handingOff.CheckpointOwner));
        Assert.True(await store.RenewAsync(heldByB, None));

        // The counter fences every checkpoint: A's copy from before B's renewal is stale; re-read, it writes.
        Assert.False(await store.CheckpointAsync(handingOff, new ExtendedSequenceNumber("500"), null, None));
        handingOff = await ReadAsync(store, seen);
        Assert.True(await store.CheckpointAsync(handingOff, new ExtendedSequenceNumber("500"), null, None));
        Assert.True(await store.CompleteHandoffAsync(handingOff, None));

        Assert.False(await store.CheckpointAsync(handingOff, new ExtendedSequenceNumber("700"), null, None));
        var final = await ReadAsync(store, seen);
        Assert.Null(final.CheckpointOwner);
        Assert.Equal("worker-b", final.LeaseOwner);
        Assert.Equal(new ExtendedSequenceNumber("500"), final.Checkpoint);
        Assert.Equal(heldByB.LeaseCounter + 1, final.LeaseCounter);
        Assert.True(await store.CheckpointAsync(heldByB.Renewed().HandoffCompleted(), new ExtendedSequenceNumber("600"), null, None));
    }

    [Fact]
    public async Task Taking_a_lease_ends_a_stalled_handoff()
    {
        var (store, seen) = await StoreWithLeaseAsync();
        await store.TakeAsync(seen, "worker-a", None);
        var seenByB = await ReadAsync(store, seen);
        await store.RequestHandoffAsync(seenByB, "worker-b", None);
        var handingOff = await ReadAsync(store, seen);

        Assert.True(await store.TakeAsync(handingOff, "worker-b", None));

        var read = await ReadAsync(store, seen);
        Assert.Null(read.CheckpointOwner);
        Assert.False(await store.CheckpointAsync(handingOff, new ExtendedSequenceNumber("1"), null, None));
        Assert.False(await store.CompleteHandoffAsync(handingOff, None));
    }

    [Theory]
    [InlineData("worker-a")] // the old owner, taking back a lease whose new owner died mid-handoff
    [InlineData("worker-c")] // anyone else
    public async Task A_handoff_request_fences_the_old_owners_stale_copy_and_an_expired_one_can_be_taken_by_anyone(string taker)
    {
        var (store, seen) = await StoreWithLeaseAsync();
        await store.TakeAsync(seen, "worker-a", None);
        var heldByA = seen.TakenBy("worker-a");
        Assert.True(await store.RequestHandoffAsync(heldByA, "worker-b", None));

        // The old owner's copy from before the request no longer checkpoints; the copy it re-reads does.
        Assert.False(await store.CheckpointAsync(heldByA, new ExtendedSequenceNumber("10"), null, None));
        var pending = await ReadAsync(store, seen);
        Assert.True(await store.CheckpointAsync(pending, new ExtendedSequenceNumber("10"), null, None));

        Assert.True(await store.TakeAsync(pending, taker, None));

        var read = await ReadAsync(store, seen);
        Assert.Equal((taker, (string?)null), (read.LeaseOwner, read.CheckpointOwner));
        Assert.Equal((pending.LeaseCounter + 1, new ExtendedSequenceNumber("10")), (read.LeaseCounter, read.Checkpoint));
        Assert.False(await store.CheckpointAsync(pending, new ExtendedSequenceNumber("11"), null, None));
        Assert.False(await store.CompleteHandoffAsync(pending, None));
    }

    [Fact]
    public async Task A_released_lease_has_no_owner_and_can_be_taken_at_once()
    {
        var (store, seen) = await StoreWithLeaseAsync();
        await store.TakeAsync(seen, "worker-a", None);
        var held = seen.TakenBy("worker-a");

        Assert.True(await store.ReleaseAsync(held, None));
        Assert.False(await store.ReleaseAsync(held, None));

        var released = await ReadAsync(store, seen);
        Assert.Null(released.LeaseOwner);
        Assert.Equal(held.LeaseCounter + 1, released.LeaseCounter);
        Assert.True(await store.TakeAsync(released, "worker-b", None));
    }

    [Fact]
    public async Task Delete_is_conditional_on_the_counter()
    {
        var (store, seen) = await StoreWithLeaseAsync();
        await store.TakeAsync(seen, "worker-a", None);

        Assert.False(await store.DeleteAsync(seen, None));
        Assert.True(await store.DeleteAsync(seen.TakenBy("worker-a"), None));
        Assert.Null(await store.GetAsync(seen.LeaseKey, None));
    }

    [Fact]
    public async Task Two_workers_racing_for_one_lease_never_both_win()
    {
        var store = await NewStoreAsync();
        for (var round = 0; round < 10; round++)
        {
            var lease = Lease.Create($"shardId-{round:D12}", ExtendedSequenceNumber.TrimHorizon);
            await store.CreateIfAbsentAsync(lease, None);

            var takes = await Task.WhenAll(
                Task.Run(() => store.TakeAsync(lease, "worker-a", None)),
                Task.Run(() => store.TakeAsync(lease, "worker-b", None)));
            var winner = (await store.GetAsync(lease.LeaseKey, None))!.LeaseOwner;
            var checkpoints = await Task.WhenAll(
                Task.Run(() => store.CheckpointAsync(lease.TakenBy("worker-a"), new ExtendedSequenceNumber("1"), null, None)),
                Task.Run(() => store.CheckpointAsync(lease.TakenBy("worker-b"), new ExtendedSequenceNumber("2"), null, None)));

            Assert.Single(takes, won => won);
            Assert.Equal(takes[0] ? "worker-a" : "worker-b", winner);
            Assert.Equal([takes[0], takes[1]], checkpoints);
        }
    }

    [Fact]
    public async Task Listing_returns_every_lease()
    {
        var store = await NewStoreAsync();
        var keys = Enumerable.Range(0, 40).Select(i => $"shardId-{i:D12}").ToList();
        foreach (var key in keys)
        {
            await store.CreateIfAbsentAsync(Lease.Create(key, ExtendedSequenceNumber.TrimHorizon), None);
        }

        var listed = await store.ListAsync(None);

        Assert.Equal(keys, listed.Select(lease => lease.LeaseKey).Order(StringComparer.Ordinal));
    }

    private static void AssertSame(Lease expected, Lease? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.LeaseKey, actual.LeaseKey);
        Assert.Equal(expected.LeaseOwner, actual.LeaseOwner);
        Assert.Equal(expected.LeaseCounter, actual.LeaseCounter);
        Assert.Equal(expected.Checkpoint, actual.Checkpoint);
        Assert.Equal(expected.OwnerSwitchesSinceCheckpoint, actual.OwnerSwitchesSinceCheckpoint);
        Assert.Equal(expected.ParentShardIds.ToArray(), actual.ParentShardIds.ToArray());
        Assert.Equal(expected.ChildShardIds.ToArray(), actual.ChildShardIds.ToArray());
        Assert.Equal(expected.HashKeyRange, actual.HashKeyRange);
        Assert.Equal(expected.CheckpointOwner, actual.CheckpointOwner);
    }

    private static async Task<Lease> ReadAsync(ILeaseStore store, Lease lease) =>
        await store.GetAsync(lease.LeaseKey, None) ?? throw new InvalidOperationException($"{lease.LeaseKey} vanished");

    private async Task<(ILeaseStore Store, Lease Seen)> StoreWithLeaseAsync()
    {
        var store = await NewStoreAsync();
        var lease = Lease.Create("shardId-000000000000", ExtendedSequenceNumber.TrimHorizon, hashKeyRange: HashKeyRange.Full);
        await store.CreateIfAbsentAsync(lease, None);
        return (store, lease);
    }
}
