using KinesisFlow.Coordination.Leases;

namespace KinesisFlow.Leases.Tests.Stores;

/// <summary>The contract of worker heartbeats, the balancing scan and the <c>leaseOwner</c> index.</summary>
public abstract partial class LeaseStoreContract
{
    [Fact]
    public async Task A_heartbeat_counts_up_shows_in_the_scan_and_is_never_a_lease()
    {
        var store = await NewStoreAsync();
        Assert.True(await store.CreateIfAbsentAsync(Lease.Create("shardId-000000000000", ExtendedSequenceNumber.TrimHorizon), None));

        await store.HeartbeatAsync("worker-a", None);
        await store.HeartbeatAsync("worker-a", None);
        await store.HeartbeatAsync("worker-b", None);

        var scan = await store.ScanAsync(None);
        Assert.Equal("shardId-000000000000", Assert.Single(scan.Leases).LeaseKey);
        Assert.Equal([new WorkerHeartbeat("worker-a", 2), new WorkerHeartbeat("worker-b", 1)], scan.Heartbeats.OrderBy(beat => beat.WorkerId, StringComparer.Ordinal));
        Assert.Single(await store.ListAsync(None));
        Assert.Null(await store.GetAsync(WorkerHeartbeat.KeyOf("worker-a"), None));
        Assert.False(await store.CreateIfAbsentAsync(Lease.Create(WorkerHeartbeat.KeyOf("worker-a"), ExtendedSequenceNumber.TrimHorizon), None));

        await store.DeleteHeartbeatAsync("worker-a", None);
        await store.DeleteHeartbeatAsync("worker-c", None);
        Assert.Equal([new WorkerHeartbeat("worker-b", 1)], (await store.ScanAsync(None)).Heartbeats);
    }

    [Fact]
    public async Task A_handoff_signal_counts_up_on_the_new_owners_heartbeat_item_only()
    {
        var store = await NewStoreAsync();
        Assert.Equal(0, await store.ReadHandoffSignalAsync("worker-b", None));

        // No heartbeat item (stopped, or never started): nothing is created.
        await store.SignalHandoffCompletedAsync("worker-b", None);
        Assert.Equal(0, await store.ReadHandoffSignalAsync("worker-b", None));
        Assert.Empty((await store.ScanAsync(None)).Heartbeats);

        Assert.Equal(1, await store.HeartbeatAsync("worker-b", None));
        await store.SignalHandoffCompletedAsync("worker-b", None);
        await store.SignalHandoffCompletedAsync("worker-b", None);
        Assert.Equal(2, await store.HeartbeatAsync("worker-b", None));
        Assert.Equal(2, await store.ReadHandoffSignalAsync("worker-b", None));
        Assert.Equal(0, await store.ReadHandoffSignalAsync("worker-a", None));
        Assert.Equal([new WorkerHeartbeat("worker-b", 2)], (await store.ScanAsync(None)).Heartbeats);

        // Never on a lease that happens to bear a heartbeat key.
        var impostor = Lease.Create(WorkerHeartbeat.KeyOf("worker-c"), ExtendedSequenceNumber.TrimHorizon);
        Assert.True(await store.CreateIfAbsentAsync(impostor, None));
        await store.SignalHandoffCompletedAsync("worker-c", None);
        AssertSame(impostor, await store.GetAsync(impostor.LeaseKey, None));
    }

    [Fact]
    public async Task A_heartbeat_item_is_there_from_the_first_beat_until_deleted_and_a_lease_with_its_key_is_none()
    {
        var store = await NewStoreAsync();
        Assert.False(await store.HasHeartbeatAsync("worker-a", None));

        await store.HeartbeatAsync("worker-a", None);
        Assert.True(await store.HasHeartbeatAsync("worker-a", None));
        Assert.False(await store.HasHeartbeatAsync("worker-b", None));

        await store.DeleteHeartbeatAsync("worker-a", None);
        Assert.False(await store.HasHeartbeatAsync("worker-a", None));

        Assert.True(await store.CreateIfAbsentAsync(Lease.Create(WorkerHeartbeat.KeyOf("worker-c"), ExtendedSequenceNumber.TrimHorizon), None));
        Assert.False(await store.HasHeartbeatAsync("worker-c", None));
    }

    [Fact]
    public async Task A_heartbeat_never_writes_over_a_lease_with_its_key()
    {
        var store = await NewStoreAsync();
        var impostor = Lease.Create(WorkerHeartbeat.KeyOf("worker-a"), ExtendedSequenceNumber.TrimHorizon);
        Assert.True(await store.CreateIfAbsentAsync(impostor, None));

        await Assert.ThrowsAnyAsync<Exception>(() => store.HeartbeatAsync("worker-a", None));

        Assert.Empty((await store.ScanAsync(None)).Heartbeats);
        AssertSame(impostor, await store.GetAsync(impostor.LeaseKey, None));
    }

    [Fact]
    public async Task The_owner_index_lists_exactly_the_keys_of_a_workers_leases()
    {
        var store = await NewStoreAsync();
        foreach (var shard in new[] { "shardId-000000000000", "shardId-000000000001", "shardId-000000000002", "shardId-000000000003" })
        {
            Assert.True(await store.CreateIfAbsentAsync(Lease.Create(shard, ExtendedSequenceNumber.TrimHorizon), None));
        }

        Assert.True(await store.TakeAsync((await store.GetAsync("shardId-000000000002", None))!, "worker-a", None));
        Assert.True(await store.TakeAsync((await store.GetAsync("shardId-000000000000", None))!, "worker-a", None));
        Assert.True(await store.TakeAsync((await store.GetAsync("shardId-000000000001", None))!, "worker-b", None));
        Assert.True(await store.RequestHandoffAsync((await store.GetAsync("shardId-000000000001", None))!, "worker-a", None));
        await store.HeartbeatAsync("worker-a", None);

        Assert.Equal(["shardId-000000000000", "shardId-000000000001", "shardId-000000000002"], await store.ListOwnedKeysAsync("worker-a", None));
        Assert.Equal([], await store.ListOwnedKeysAsync("worker-b", None));
    }
}
