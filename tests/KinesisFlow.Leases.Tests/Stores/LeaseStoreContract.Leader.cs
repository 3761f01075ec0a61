using KinesisFlow.Coordination.Leases;

namespace KinesisFlow.Leases.Tests.Stores;

/// <summary>The contract of the leader item: claimed, renewed, taken over and deleted only on what the writer saw.</summary>
public abstract partial class LeaseStoreContract
{
    [Fact]
    public async Task The_leader_item_is_claimed_once_renewed_by_its_holder_and_taken_over_only_on_what_was_seen()
    {
        var store = await NewStoreAsync();
        Assert.Null(await store.ReadLeaderAsync(None));

        var a = new LeaderLease("worker-a", 1, 7);
        Assert.True(await store.WriteLeaderAsync(null, a, None));
        // A second claimant that also saw no leader loses.
        Assert.False(await store.WriteLeaderAsync(null, new LeaderLease("worker-b", 1, 3), None));
        Assert.Equal(a, await store.ReadLeaderAsync(None));

        var renewed = a with { Counter = 2, HeartbeatCounter = 8 };
        Assert.True(await store.WriteLeaderAsync(a, renewed, None));

        // A follower that read the item before the renewal cannot take it over; one that read it after can, once.
        Assert.False(await store.WriteLeaderAsync(a, new LeaderLease("worker-b", 2, 3), None));
        var b = new LeaderLease("worker-b", 3, 4);
        Assert.True(await store.WriteLeaderAsync(renewed, b, None));
        Assert.False(await store.WriteLeaderAsync(renewed, new LeaderLease("worker-c", 3, 1), None));

        // The old leader's next renewal is refused: it steps down.
        Assert.False(await store.WriteLeaderAsync(renewed, renewed with { Counter = 3 }, None));
        Assert.Equal(b, await store.ReadLeaderAsync(None));
    }

    [Fact]
    public async Task The_leader_item_is_deleted_only_by_its_holder_and_is_neither_a_lease_nor_a_heartbeat()
    {
        var store = await NewStoreAsync();
        Assert.True(await store.CreateIfAbsentAsync(Lease.Create("shardId-000000000000", ExtendedSequenceNumber.TrimHorizon), None));
        var a = new LeaderLease("worker-a", 1, 1);
        Assert.True(await store.WriteLeaderAsync(null, a, None));

        var scan = await store.ScanAsync(None);
        Assert.Equal("shardId-000000000000", Assert.Single(scan.Leases).LeaseKey);
        Assert.Empty(scan.Heartbeats);
        Assert.Single(await store.ListAsync(None));
        Assert.Null(await store.GetAsync(LeaderLease.Key, None));
        Assert.False(await store.CreateIfAbsentAsync(Lease.Create(LeaderLease.Key, ExtendedSequenceNumber.TrimHorizon), None));

        Assert.False(await store.DeleteLeaderAsync(a with { Counter = 2 }, None));
        Assert.False(await store.DeleteLeaderAsync(a with { WorkerId = "worker-b" }, None));
        Assert.True(await store.DeleteLeaderAsync(a, None));
        Assert.Null(await store.ReadLeaderAsync(None));
        Assert.True(await store.WriteLeaderAsync(null, new LeaderLease("worker-b", 2, 1), None));
    }

    [Fact]
    public async Task The_leader_item_is_never_written_over_a_lease_with_its_key()
    {
        var store = await NewStoreAsync();
        var impostor = Lease.Create(LeaderLease.Key, ExtendedSequenceNumber.TrimHorizon);
        Assert.True(await store.CreateIfAbsentAsync(impostor, None));

        Assert.False(await store.WriteLeaderAsync(null, new LeaderLease("worker-a", 1, 1), None));

        Assert.Null(await store.ReadLeaderAsync(None));
        AssertSame(impostor, await store.GetAsync(impostor.LeaseKey, None));
    }
}
