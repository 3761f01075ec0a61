using KinesisFlow.Coordination.Lag;
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

        await store.HeartbeatAsync("worker-a", null, None);
        await store.HeartbeatAsync("worker-a", null, None);
        await store.HeartbeatAsync("worker-b", null, None);

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
    public async Task A_heartbeat_carries_the_workers_lag_report_which_the_next_one_replaces_and_no_lease_is_written_for_it()
    {
        var store = await NewStoreAsync();
        var lease = Lease.Create("shardId-000000000000", ExtendedSequenceNumber.TrimHorizon);
        Assert.True(await store.CreateIfAbsentAsync(lease, None));
        Assert.True(await store.TakeAsync(lease, "worker-a", None));
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000);

        await store.HeartbeatAsync("worker-a", Report(at, ("shardId-000000000000", 1_500, 61_000), ("shardId-000000000001", 0, 95_000)), None);
        AssertLags(Report(at, ("shardId-000000000000", 1_500, 61_000), ("shardId-000000000001", 0, 95_000)), await HeartbeatOfAsync(store, "worker-a"));

        // The next report replaces the whole map: a shard no longer processed drops out.
        var later = at + TimeSpan.FromSeconds(3);
        Assert.Equal(2, await store.HeartbeatAsync("worker-a", Report(later, ("shardId-000000000001", 0, 98_000)), None));
        AssertLags(Report(later, ("shardId-000000000001", 0, 98_000)), await HeartbeatOfAsync(store, "worker-a"));

        // Nothing to report: the report is gone, the heartbeat counts on.
        Assert.Equal(3, await store.HeartbeatAsync("worker-a", null, None));
        Assert.Equal(new WorkerHeartbeat("worker-a", 3), await HeartbeatOfAsync(store, "worker-a"));

        // The lease was never written: same counter, same item as the take left it.
        AssertSame(lease.TakenBy("worker-a"), await store.GetAsync(lease.LeaseKey, None));
    }

    [Fact]
    public async Task A_lag_report_of_the_most_shards_one_carries_fits_one_heartbeat_item()
    {
        var store = await NewStoreAsync();

        // The largest figures a shard can report (a year behind: far past any retention), for every shard a report keeps.
        var shards = Enumerable.Range(0, LagReport.MaxShards)
            .Select(i => ($"shardId-{i:D12}", 31_536_000_000L + i, 31_536_000_000L + i))
            .ToArray();
        var full = Report(DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000), shards);

        Assert.Equal(1, await store.HeartbeatAsync("worker-a", full, None));
        AssertLags(full, await HeartbeatOfAsync(store, "worker-a"));
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

        Assert.Equal(1, await store.HeartbeatAsync("worker-b", null, None));
        await store.SignalHandoffCompletedAsync("worker-b", None);
        await store.SignalHandoffCompletedAsync("worker-b", None);
        Assert.Equal(2, await store.HeartbeatAsync("worker-b", null, None));
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

        await store.HeartbeatAsync("worker-a", null, None);
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

        await Assert.ThrowsAnyAsync<Exception>(() => store.HeartbeatAsync("worker-a", null, None));

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
        await store.HeartbeatAsync("worker-a", null, None);

        Assert.Equal(["shardId-000000000000", "shardId-000000000001", "shardId-000000000002"], await store.ListOwnedKeysAsync("worker-a", None));
        Assert.Equal([], await store.ListOwnedKeysAsync("worker-b", None));
    }

    private static LagReport Report(DateTimeOffset at, params (string Shard, long Behind, long Lag)[] shards) =>
        new(at, shards.ToDictionary(shard => shard.Shard, shard => new ShardLagFigures(shard.Behind, shard.Lag), StringComparer.Ordinal));

    private static async Task<WorkerHeartbeat> HeartbeatOfAsync(ILeaseStore store, string workerId) =>
        Assert.Single((await store.ScanAsync(None)).Heartbeats, beat => beat.WorkerId == workerId);

    private static void AssertLags(LagReport expected, WorkerHeartbeat heartbeat)
    {
        Assert.NotNull(heartbeat.Lags);
        Assert.Equal(expected.ReportedAt, heartbeat.Lags.ReportedAt);
        Assert.Equal(expected.Shards.OrderBy(shard => shard.Key, StringComparer.Ordinal), heartbeat.Lags.Shards.OrderBy(shard => shard.Key, StringComparer.Ordinal));
    }
}
