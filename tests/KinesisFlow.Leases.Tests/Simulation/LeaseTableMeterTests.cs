using KinesisFlow.Coordination.Leases;
using KinesisFlow.TestKit.Fakes;
using KinesisFlow.TestKit.Simulation;
using Microsoft.Extensions.Time.Testing;

namespace KinesisFlow.Leases.Tests.Simulation;

public sealed class LeaseTableMeterTests
{
    [Fact]
    public async Task Charges_a_listing_by_its_total_size_a_lookup_per_item_and_a_write_per_kilobyte()
    {
        var time = new FakeTimeProvider();
        var table = new InMemoryLeaseStore();
        for (var i = 0; i < 64; i++)
        {
            await table.CreateIfAbsentAsync(Lease.Create($"shardId-{i:D12}", ExtendedSequenceNumber.TrimHorizon) with { LeaseOwner = "worker-a" }, CancellationToken.None);
        }

        var meter = new LeaseTableMeter(time, TimeSpan.Zero);
        var store = meter.Wrap<ILeaseStore>(table);
        var listed = await store.ListAsync(CancellationToken.None);
        var one = await store.GetAsync("shardId-000000000000", CancellationToken.None);
        Assert.True(await store.RenewAsync(one!, CancellationToken.None));
        Assert.False(await store.RenewAsync(one!, CancellationToken.None));
        time.Advance(TimeSpan.FromMinutes(1));

        var usage = meter.Usage();
        var itemBytes = DynamoDbCapacity.ItemBytes(one!);
        Assert.Equal(64, listed.Count);
        Assert.InRange(itemBytes, 100, 400);
        Assert.Equal(65, usage.ItemsRead);
        Assert.Equal(listed.Sum(DynamoDbCapacity.ItemBytes) + itemBytes, usage.BytesRead);
        Assert.Equal(Math.Ceiling(64.0 * itemBytes / 4096) + 1, usage.ReadUnits);
        // A failed conditional write costs its capacity as well.
        Assert.Equal(2, usage.WriteUnits);
        Assert.Equal(new Dictionary<string, long> { ["List"] = 1, ["Get"] = 1, ["Renew"] = 2 }, usage.Calls);
        Assert.Equal(4, usage.CallsPerMinute);
    }

    [Fact]
    public async Task Answers_after_the_latency_and_throttles_without_applying()
    {
        var time = new FakeTimeProvider();
        var table = new InMemoryLeaseStore();
        var lease = Lease.Create("shardId-000000000000", ExtendedSequenceNumber.TrimHorizon);
        await table.CreateIfAbsentAsync(lease, CancellationToken.None);
        var meter = new LeaseTableMeter(time, TimeSpan.FromMilliseconds(20), throttleRate: 1);
        var store = meter.Wrap<ILeaseStore>(table);

        var take = store.TakeAsync(lease, "worker-a", CancellationToken.None);
        Assert.False(take.IsCompleted);
        Assert.Equal((1, 1), (meter.InFlight, meter.Waiting));
        time.Advance(TimeSpan.FromMilliseconds(20));

        await Assert.ThrowsAsync<TimeoutException>(() => take);
        Assert.Null((await table.GetAsync(lease.LeaseKey, CancellationToken.None))!.LeaseOwner);
        Assert.Equal(1, meter.Throttled);
        Assert.Equal(0, meter.Usage().WriteUnits);
    }

    [Fact]
    public async Task Meters_any_store_interface_by_its_method_names()
    {
        var time = new FakeTimeProvider();
        var meter = new LeaseTableMeter(time, TimeSpan.Zero);
        var table = meter.Wrap<IHeartbeatTable>(new HeartbeatTable());

        await table.HeartbeatAsync("worker-a", CancellationToken.None);
        var owned = await table.QueryOwnedAsync("worker-a", CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(1));

        var usage = meter.Usage();
        Assert.Equal(new Dictionary<string, long> { ["Heartbeat"] = 1, ["QueryOwned"] = 1 }, usage.Calls);
        // An index query is eventually consistent: half a unit for up to 4 KB.
        Assert.Equal((2, 0.5), (usage.ItemsRead, usage.ReadUnits));
        Assert.Equal(owned.Sum(key => key.Length), usage.BytesRead);
        Assert.Equal(1, usage.WriteUnits);
    }

    /// <summary>A store interface the meter was not written for (a protocol's heartbeat table).</summary>
    public interface IHeartbeatTable
    {
        Task HeartbeatAsync(string workerId, CancellationToken cancellationToken);

        Task<IReadOnlyList<string>> QueryOwnedAsync(string workerId, CancellationToken cancellationToken);
    }

    private sealed class HeartbeatTable : IHeartbeatTable
    {
        public Task HeartbeatAsync(string workerId, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<IReadOnlyList<string>> QueryOwnedAsync(string workerId, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<string>>(["shardId-000000000000", "shardId-000000000001"]);
    }
}
