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
        await table.HeartbeatAsync("b", null, None);
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

    [Fact]
    public async Task The_watch_reads_one_signal_per_look_and_the_pending_leases_only_once_an_old_owner_signalled_or_a_renew_interval_passed()
    {
        var table = await LeaseParts.TableWithAsync("shard-0", "shard-1", "shard-2");
        var old = new LeaseParts(table, "a");
        foreach (var shard in new[] { "shard-0", "shard-1", "shard-2" })
        {
            await old.TakeAsync(shard);
        }

        var meter = new KinesisFlow.TestKit.Simulation.LeaseTableMeter(old.Time, TimeSpan.Zero);
        var metered = meter.Wrap<ILeaseStore>(table);
        var parts = new LeaseParts(metered, "b", old.Time);
        await table.HeartbeatAsync("b", null, None);
        var watch = new HandoffWatch(parts.Leases, metered, parts.Fencer, stalled: null, parts.Options);
        foreach (var shard in new[] { "shard-0", "shard-1", "shard-2" })
        {
            await RequestAsync(parts, shard);
        }

        // The first look reads every pending lease; the next ones only the signal.
        await watch.RunCycleAsync(None);
        meter.Reset();
        for (var look = 0; look < 5; look++)
        {
            parts.Time.Advance(HandoffWatch.Interval);
            await watch.RunCycleAsync(None);
        }

        Assert.Equal(new Dictionary<string, long> { ["ReadHandoffSignal"] = 5 }, meter.Usage().Calls);

        // The old owner lets one go: it signals, and the very next look reads the pending leases and starts that one.
        Assert.True(await old.Fencer.ReleaseAsync("shard-1", None));
        meter.Reset();
        parts.Time.Advance(HandoffWatch.Interval);
        await watch.RunCycleAsync(None);
        Assert.Equal("shard-1", Assert.Single(parts.Leases.Owned()).ShardId);
        Assert.Equal(new Dictionary<string, long> { ["ReadHandoffSignal"] = 1, ["Get"] = 3 }, meter.Usage().Calls);

        // Without any signal, the two still pending are read again once a renew interval passed since the last full look.
        meter.Reset();
        parts.Time.Advance(parts.Options.EffectiveRenewInterval);
        await watch.RunCycleAsync(None);
        Assert.Equal(new Dictionary<string, long> { ["ReadHandoffSignal"] = 1, ["Get"] = 2 }, meter.Usage().Calls);
    }

    private static async Task RequestAsync(LeaseParts parts, string shardId)
    {
        var seen = await parts.LeaseAsync(shardId);
        Assert.True(await parts.Store.RequestHandoffAsync(seen, parts.Leases.WorkerId, None));
        parts.Leases.Held[shardId] = new HeldLease(seen.HandoffRequestedTo(parts.Leases.WorkerId));
    }
}
