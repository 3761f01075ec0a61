using KinesisFlow.Aws;
using KinesisFlow.Coordination.Leases;
using KinesisFlow.TestKit;
using KinesisFlow.TestKit.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace KinesisFlow.Leases.Tests.ShardSync;

/// <summary>Shard sync over a real ListShards (kinesalite): creation, lineage after a split, clean-up of the parent.</summary>
public sealed class ShardSynchronizerTests(KinesaliteFixture kinesalite) : IClassFixture<KinesaliteFixture>, IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly KinesisClient _kinesis = new(kinesalite.ClientOptions());

    public void Dispose() => _kinesis.Dispose();

    [Fact]
    public async Task Creates_a_lease_per_shard_then_follows_a_split_and_cleans_up_the_finished_parent()
    {
        var stream = await kinesalite.Streams.CreateUniqueAsync(2);
        var store = new InMemoryLeaseStore();
        var sync = new ShardSynchronizer(new KinesisShardLister(_kinesis, stream), store, ExtendedSequenceNumber.Latest, NullLogger<ShardSynchronizer>.Instance);

        var first = await sync.SynchronizeAsync(None);
        var again = await sync.SynchronizeAsync(None);

        Assert.Equal((2, 2, 0), (first.Shards, first.Created, first.Deleted));
        Assert.Equal(0, again.Created);
        var leases = await store.ListAsync(None);
        Assert.All(leases, lease => Assert.Equal(ExtendedSequenceNumber.Latest, lease.Checkpoint));
        Assert.Empty(HashRangeCoverage.FindHoles(leases.Select(lease => lease.HashKeyRange!.Value)));

        // Split the first shard in the middle of its range; its lease is being processed.
        var parent = leases.OrderBy(lease => lease.LeaseKey, StringComparer.Ordinal).First();
        await store.TakeAsync(parent, "worker", None);
        var middle = parent.HashKeyRange!.Value.StartingHashKey + ((parent.HashKeyRange.Value.EndingHashKey - parent.HashKeyRange.Value.StartingHashKey) / 2);
        await _kinesis.SplitShardAsync(new SplitShardRequest(stream, parent.LeaseKey, middle.ToString(System.Globalization.CultureInfo.InvariantCulture)), None);
        await kinesalite.Streams.WaitUntilActiveAsync(stream);

        var afterSplit = await sync.SynchronizeAsync(None);

        Assert.Equal(2, afterSplit.Created);
        var children = (await store.ListAsync(None)).Where(lease => lease.ParentShardIds.Contains(parent.LeaseKey)).ToList();
        Assert.Equal(2, children.Count);
        Assert.All(children, child => Assert.Equal(ExtendedSequenceNumber.TrimHorizon, child.Checkpoint));

        // The parent reaches its end and the children get going: the parent lease goes, and is not recreated.
        var held = (await store.GetAsync(parent.LeaseKey, None))!;
        Assert.True(await store.CheckpointAsync(held, ExtendedSequenceNumber.ShardEnd, [.. children.Select(child => child.LeaseKey)], None));
        foreach (var child in children)
        {
            await store.TakeAsync(child, "worker", None);
        }

        var cleanup = await sync.SynchronizeAsync(None);
        var final = await sync.SynchronizeAsync(None);

        Assert.Equal((0, 1), (cleanup.Created, cleanup.Deleted));
        Assert.Equal((0, 0), (final.Created, final.Deleted));
        Assert.Null(await store.GetAsync(parent.LeaseKey, None));
        Assert.Equal(3, (await store.ListAsync(None)).Count);
    }
}
