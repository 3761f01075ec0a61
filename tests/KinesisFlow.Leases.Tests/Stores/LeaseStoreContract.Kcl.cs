using Amazon.DynamoDBv2.Model;
using KinesisFlow.Coordination.Leases;
using KinesisFlow.TestKit.Kcl;

namespace KinesisFlow.Leases.Tests.Stores;

/// <summary>The contract on tables a KCL application wrote: its leases carry on, its other items are left alone.</summary>
public abstract partial class LeaseStoreContract
{
    private static readonly DateTimeOffset MetricsReportedAt = DateTimeOffset.FromUnixTimeSeconds(1_764_950_400);

    /// <summary>Writes an item unconditionally, exactly as given, as a KCL worker would.</summary>
    protected abstract Task PutItemAsync(ILeaseStore store, Dictionary<string, AttributeValue> item);

    [Fact]
    public async Task Kcl_non_lease_items_are_never_listed_read_created_over_or_written()
    {
        var store = await NewStoreAsync();
        foreach (var item in KclItems.NonLeaseItems(MetricsReportedAt))
        {
            await PutItemAsync(store, item);
        }

        await PutItemAsync(store, KclItems.Kcl2Lease("shardId-000000000001"));

        Assert.Equal("shardId-000000000001", Assert.Single(await store.ListAsync(None)).LeaseKey);
        foreach (var key in KclItems.NonLeaseItems(MetricsReportedAt).Select(KclItems.KeyOf))
        {
            Assert.Null(await store.GetAsync(key, None));
            var phantom = Lease.Create(key, ExtendedSequenceNumber.TrimHorizon);
            Assert.False(await store.CreateIfAbsentAsync(phantom, None));
            Assert.False(await store.TakeAsync(phantom, "worker-a", None));
            Assert.False(await store.RenewAsync(phantom, None));
            Assert.False(await store.ReleaseAsync(phantom, None));
            Assert.False(await store.CheckpointAsync(phantom, new ExtendedSequenceNumber("1"), null, None));
            Assert.False(await store.RequestHandoffAsync(phantom with { LeaseOwner = KclItems.KclWorker }, "worker-a", None));
            Assert.False(await store.DeleteAsync(phantom, None));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public async Task A_kcl_2_lease_reads_with_its_checkpoint_and_carries_on_under_a_new_owner(long subSequenceNumber)
    {
        var store = await NewStoreAsync();
        await PutItemAsync(store, KclItems.Kcl2Lease("shardId-000000000004", subSequenceNumber));

        var seen = await store.GetAsync("shardId-000000000004", None);

        Assert.NotNull(seen);
        Assert.Equal(new ExtendedSequenceNumber(KclItems.Sequence, subSequenceNumber), seen.Checkpoint);
        Assert.Equal((KclItems.KclWorker, 412L), (seen.LeaseOwner, seen.LeaseCounter));
        Assert.Equal(["shardId-000000000000"], seen.ParentShardIds.ToArray());
        Assert.True(await store.TakeAsync(seen, "worker-a", None));
        var held = seen.TakenBy("worker-a");
        Assert.True(await store.CheckpointAsync(held, new ExtendedSequenceNumber(KclItems.PendingSequence), null, None));
        AssertSame(held.Checkpointed(new ExtendedSequenceNumber(KclItems.PendingSequence)), await store.GetAsync(seen.LeaseKey, None));
    }

    [Fact]
    public async Task A_kcl_3_lease_mid_handoff_reads_as_a_pending_handoff_that_a_take_ends()
    {
        var store = await NewStoreAsync();
        await PutItemAsync(store, KclItems.Kcl3LeaseHandingOff("shardId-000000000005"));

        var seen = await store.GetAsync("shardId-000000000005", None);

        Assert.NotNull(seen);
        Assert.True(seen.IsHandoffPending);
        Assert.Equal(("kcl-worker-2:91ab", KclItems.KclWorker), (seen.LeaseOwner, seen.CheckpointOwner));
        Assert.True(await store.TakeAsync(seen, "worker-a", None));
        AssertSame(seen.TakenBy("worker-a"), await store.GetAsync(seen.LeaseKey, None));
    }

    [Fact]
    public async Task A_kcl_2_take_mid_handoff_fences_the_handing_off_owners_checkpoint()
    {
        var (store, seen) = await StoreWithLeaseAsync();
        await store.TakeAsync(seen, "worker-a", None);
        Assert.True(await store.RequestHandoffAsync(seen.TakenBy("worker-a"), "worker-b", None));
        var handingOff = await ReadAsync(store, seen);

        // A KCL 2.x take: owner and counter change, checkpointOwner is left in place (the KCL 2 serializer knows no handoff).
        var item = Leases.DynamoDb.LeaseItemMapper.ToItem(handingOff with { LeaseOwner = KclItems.KclWorker, LeaseCounter = handingOff.LeaseCounter + 1 });
        await PutItemAsync(store, item);

        Assert.False(await store.CheckpointAsync(handingOff, new ExtendedSequenceNumber("900"), null, None));
        Assert.False(await store.CompleteHandoffAsync(handingOff, None));
        Assert.Equal(ExtendedSequenceNumber.TrimHorizon, (await ReadAsync(store, seen)).Checkpoint);
    }

    [Fact]
    public async Task A_multi_stream_lease_reads_under_its_full_key()
    {
        var store = await NewStoreAsync();
        await PutItemAsync(store, KclItems.MultiStreamLease("shardId-000000000000"));

        var lease = Assert.Single(await store.ListAsync(None));

        Assert.Equal("123456789012:flow-logs:1700000000:shardId-000000000000", lease.LeaseKey);
    }
}
