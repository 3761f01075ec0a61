using KinesisFlow.Coordination.Leases;

namespace KinesisFlow.Leases.Tests.Parts;

public sealed class HandoffWatchTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_handoff_the_old_owner_completed_is_offered_for_processing_from_its_checkpoint_at_the_next_look()
    {
        var table = await LeaseParts.TableWithAsync("shard-0", "shard-1");
        var old = new LeaseParts(table, "a");
        await old.TakeAsync("shard-0");
        await old.TakeAsync("shard-1");
        var parts = new LeaseParts(table, "b");
        var watch = new HandoffWatch(parts.Leases, table, parts.Fencer, stalled: null, parts.Options);
        await RequestAsync(parts, "shard-0");
        await RequestAsync(parts, "shard-1");
        var changes = 0;
        parts.Leases.Changed += (_, _) => changes++;

        await watch.RunCycleAsync(None);
        Assert.Empty(parts.Leases.Owned());

        Assert.True(await old.Fencer.CheckpointAsync("shard-0", new ExtendedSequenceNumber("42"), null, None));
        Assert.True(await old.Fencer.ReleaseAsync("shard-0", None));
        await watch.RunCycleAsync(None);

        var owned = Assert.Single(parts.Leases.Owned());
        Assert.Equal(("shard-0", new ExtendedSequenceNumber("42")), (owned.ShardId, owned.Checkpoint));
        Assert.Equal(1, changes);
    }

    private static async Task RequestAsync(LeaseParts parts, string shardId)
    {
        var seen = await parts.LeaseAsync(shardId);
        Assert.True(await parts.Store.RequestHandoffAsync(seen, parts.Leases.WorkerId, None));
        parts.Leases.Held[shardId] = new HeldLease(seen.HandoffRequestedTo(parts.Leases.WorkerId));
    }
}
