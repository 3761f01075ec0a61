using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using KinesisFlow.Coordination.Lag;
using KinesisFlow.Coordination.Leases;
using KinesisFlow.Leases.DynamoDb;
using KinesisFlow.TestKit;
using KinesisFlow.TestKit.Kcl;

namespace KinesisFlow.Leases.Tests.Stores.Kcl;

/// <summary>
/// The lease table item by item, as the KCL reads and writes it: what KinesisFlow writes is exactly the KCL
/// serializer's attribute set (every name, type and absence), and what it does not own it leaves as it was.
/// </summary>
[Collection(DynaliteCollection.Name)]
public sealed class KclItemsOnDynamoDbTests(DynaliteFixture dynalite) : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly AmazonDynamoDBClient _client = DynaliteTables.Client(dynalite);

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task Non_lease_items_stay_exactly_as_the_kcl_wrote_them()
    {
        var store = await DynaliteTables.NewStoreAsync(_client);
        var items = KclItems.NonLeaseItems(DateTimeOffset.FromUnixTimeSeconds(1_764_950_400));
        foreach (var item in items)
        {
            await PutAsync(store, item);
        }

        foreach (var item in items)
        {
            // Each write, on a lease as a worker that mistook the item for one would have seen it (no owner, counter 0, or the item's owner).
            var phantom = Lease.Create(KclItems.KeyOf(item), ExtendedSequenceNumber.TrimHorizon);
            var owned = phantom with { LeaseOwner = KclItems.KclWorker };
            await store.TakeAsync(phantom, "worker-a", None);
            await store.RequestHandoffAsync(owned, "worker-a", None);
            await store.CompleteHandoffAsync(owned with { CheckpointOwner = KclItems.KclWorker }, None);
            await store.DeleteAsync(phantom, None);
        }

        Assert.Empty(await store.ListAsync(None));
        foreach (var item in items)
        {
            Assert.Equal(ItemText.Of(item), ItemText.Of(await GetAsync(store, KclItems.KeyOf(item))));
        }
    }

    [Fact]
    public async Task A_checkpoint_clears_the_kcl_pending_checkpoint_and_keeps_what_it_does_not_know()
    {
        var store = await DynaliteTables.NewStoreAsync(_client);
        var written = KclItems.LeaseWithPendingCheckpoint("shardId-000000000002");
        await PutAsync(store, written);
        var seen = (await store.GetAsync("shardId-000000000002", None))!;

        Assert.True(await store.TakeAsync(seen, "worker-a", None));
        var afterTake = await GetAsync(store, seen.LeaseKey);
        Assert.Equal(KclItems.PendingSequence, afterTake["pendingCheckpoint"].S);
        Assert.True(await store.CheckpointAsync(seen.TakenBy("worker-a"), new ExtendedSequenceNumber(KclItems.PendingSequence), null, None));

        var item = await GetAsync(store, seen.LeaseKey);
        Assert.DoesNotContain("pendingCheckpoint", item.Keys);
        Assert.DoesNotContain("pendingCheckpointSubSequenceNumber", item.Keys);
        Assert.DoesNotContain("pendingCheckpointState", item.Keys);
        Assert.Equal(ItemText.Of(written["throughputKBps"]), ItemText.Of(item["throughputKBps"]));
        Assert.Equal("LEASE", item["entityType"].S);
        Assert.Equal((KclItems.PendingSequence, "0"), (item["checkpoint"].S, item["checkpointSubSequenceNumber"].N));
        Assert.Equal("414", item["leaseCounter"].N);
    }

    [Fact]
    public async Task The_items_kinesisflow_writes_have_exactly_the_kcl_serializers_attributes_and_types()
    {
        var store = await DynaliteTables.NewStoreAsync(_client);
        var lease = Lease.Create("shardId-000000000006", ExtendedSequenceNumber.TrimHorizon, ["shardId-000000000003", "shardId-000000000002"], new HashKeyRange(0, UInt128.MaxValue / 2));
        await store.CreateIfAbsentAsync(lease, None);
        Assert.Equal(
            "checkpoint:S=TRIM_HORIZON checkpointSubSequenceNumber:N=0 endingHashKey:S=170141183460469231731687303715884105727 leaseCounter:N=0 "
            + "leaseKey:S=shardId-000000000006 ownerSwitchesSinceCheckpoint:N=0 parentShardId:SS=[shardId-000000000002,shardId-000000000003] startingHashKey:S=0",
            ItemText.Of(await GetAsync(store, lease.LeaseKey)));

        await store.TakeAsync(lease, "worker-a", None);
        var held = lease.TakenBy("worker-a");
        await store.CheckpointAsync(held, new ExtendedSequenceNumber(KclItems.Sequence), null, None);
        held = held.Checkpointed(new ExtendedSequenceNumber(KclItems.Sequence));
        Assert.Equal(
            $"checkpoint:S={KclItems.Sequence} checkpointSubSequenceNumber:N=0 endingHashKey:S=170141183460469231731687303715884105727 leaseCounter:N=2 "
            + "leaseKey:S=shardId-000000000006 leaseOwner:S=worker-a ownerSwitchesSinceCheckpoint:N=0 parentShardId:SS=[shardId-000000000002,shardId-000000000003] startingHashKey:S=0",
            ItemText.Of(await GetAsync(store, lease.LeaseKey)));

        await store.RequestHandoffAsync(held, "worker-b", None);
        var handoff = await GetAsync(store, lease.LeaseKey);
        Assert.Equal(("S=worker-a", "S=worker-b", "N=3", "N=1"), (ItemText.Of(handoff["checkpointOwner"]), ItemText.Of(handoff["leaseOwner"]), ItemText.Of(handoff["leaseCounter"]), ItemText.Of(handoff["ownerSwitchesSinceCheckpoint"])));
        var handingOff = held.HandoffRequestedTo("worker-b");
        await store.CompleteHandoffAsync(handingOff, None);
        await store.CheckpointAsync(handingOff.HandoffCompleted(), ExtendedSequenceNumber.ShardEnd, ["shardId-000000000008", "shardId-000000000007"], None);
        await store.HeartbeatAsync("worker-b", new LagReport(DateTimeOffset.FromUnixTimeMilliseconds(1_764_950_400_000), new Dictionary<string, ShardLagFigures> { [lease.LeaseKey] = new(250, 1_000) }), None);

        // Nothing of ours: every attribute is the KCL serializer's (lag reports travel in the worker's heartbeat item).
        Assert.Equal(
            "checkpoint:S=SHARD_END checkpointSubSequenceNumber:N=0 childShardIds:SS=[shardId-000000000007,shardId-000000000008] "
            + "endingHashKey:S=170141183460469231731687303715884105727 leaseCounter:N=4 leaseKey:S=shardId-000000000006 "
            + "leaseOwner:S=worker-b ownerSwitchesSinceCheckpoint:N=0 parentShardId:SS=[shardId-000000000002,shardId-000000000003] "
            + "startingHashKey:S=0",
            ItemText.Of(await GetAsync(store, lease.LeaseKey)));

        await store.ReleaseAsync(handingOff.HandoffCompleted().Checkpointed(ExtendedSequenceNumber.ShardEnd), None);
        Assert.DoesNotContain("leaseOwner", (await GetAsync(store, lease.LeaseKey)).Keys);
    }

    [Fact]
    public async Task A_kcl_3_5_lease_keeps_its_entity_type_and_throughput_through_every_write()
    {
        var store = await DynaliteTables.NewStoreAsync(_client);
        await PutAsync(store, KclItems.Kcl3LeaseHandingOff("shardId-000000000009"));
        var seen = (await store.GetAsync("shardId-000000000009", None))!;

        await store.TakeAsync(seen, "worker-a", None);
        var held = seen.TakenBy("worker-a");
        await store.CheckpointAsync(held, new ExtendedSequenceNumber(KclItems.PendingSequence, 2), null, None);
        await store.ReleaseAsync(held.Checkpointed(new ExtendedSequenceNumber(KclItems.PendingSequence, 2)), None);

        var item = await GetAsync(store, seen.LeaseKey);
        Assert.Equal(("LEASE", "812.375"), (item["entityType"].S, item["throughputKBps"].N));
        Assert.DoesNotContain("checkpointOwner", item.Keys);
        Assert.Equal((KclItems.PendingSequence, "2", "415"), (item["checkpoint"].S, item["checkpointSubSequenceNumber"].N, item["leaseCounter"].N));
    }

    [Fact]
    public async Task Start_up_refuses_a_multi_stream_table_and_one_kcl_workers_use_and_creates_nothing()
    {
        var multiStream = await DynaliteTables.NewStoreAsync(_client);
        await PutAsync(multiStream, KclItems.MultiStreamLease("shardId-000000000000"));
        var withKclWorkers = await DynaliteTables.NewStoreAsync(_client);
        await PutAsync(withKclWorkers, KclItems.WorkerMetrics("kcl-worker-7", DateTimeOffset.UtcNow));

        var refused = await Assert.ThrowsAsync<LeaseTableException>(() => Reopen(multiStream).EnsureReadyAsync(None));
        Assert.Contains("multi-stream", refused.Message, StringComparison.Ordinal);
        refused = await Assert.ThrowsAsync<LeaseTableException>(() => Reopen(withKclWorkers).EnsureReadyAsync(None));
        Assert.Contains("'kcl-worker-7'", refused.Message, StringComparison.Ordinal);
        Assert.Single(await multiStream.ListAsync(None));
    }

    private DynamoDbLeaseStore Reopen(DynamoDbLeaseStore store) => new(_client, new DynamoDbLeaseTableOptions { TableName = store.TableName });

    private Task<PutItemResponse> PutAsync(DynamoDbLeaseStore store, Dictionary<string, AttributeValue> item) =>
        _client.PutItemAsync(new PutItemRequest { TableName = store.TableName, Item = item });

    private async Task<Dictionary<string, AttributeValue>> GetAsync(DynamoDbLeaseStore store, string key) =>
        (await _client.GetItemAsync(new GetItemRequest { TableName = store.TableName, Key = new() { ["leaseKey"] = new() { S = key } }, ConsistentRead = true })).Item;
}
