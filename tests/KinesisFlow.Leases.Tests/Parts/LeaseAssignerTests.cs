using KinesisFlow.Coordination.Leases;
using KinesisFlow.TestKit;
using KinesisFlow.TestKit.Fakes;
using KinesisFlow.TestKit.Simulation;

namespace KinesisFlow.Leases.Tests.Parts;

/// <summary>
/// The leader's writes for other workers, and what it gives back when the worker it wrote for stopped meanwhile (a
/// stopping worker deletes its heartbeat, looks once for leases given to it late, and exits).
/// </summary>
public sealed class LeaseAssignerTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_lease_given_to_a_worker_that_stopped_after_the_leaders_scan_is_released()
    {
        var fleet = await FleetAsync();
        var unowned = await fleet.Table.GetAsync("shard-0", None);
        await fleet.Table.DeleteHeartbeatAsync("b", None);

        await fleet.Assigner(fleet.Table).AssignAsync(Plan(new LeaseMove(unowned!, "b", FromLiveOwner: false)), None);

        var lease = await fleet.A.LeaseAsync("shard-0");
        Assert.Null(lease.LeaseOwner);
    }

    [Fact]
    public async Task A_handoff_asked_for_a_worker_that_stopped_after_the_leaders_scan_is_withdrawn_and_the_old_owner_keeps_processing()
    {
        var fleet = await FleetAsync();
        var scanned = await fleet.A.LeaseAsync("shard-1");

        // b stops between the leader's scan and its request: heartbeat deleted, its last look finds nothing yet.
        await fleet.Table.DeleteHeartbeatAsync("b", None);
        Assert.Empty((await fleet.Table.ListOwnedKeysAsync("b", None))!);
        await fleet.Assigner(fleet.Table).AssignAsync(Plan(new LeaseMove(scanned, "b", FromLiveOwner: true)), None);

        var lease = await fleet.A.LeaseAsync("shard-1");
        Assert.Equal(("a", (string?)null), (lease.LeaseOwner, lease.CheckpointOwner));
        Assert.Equal(scanned.LeaseCounter + 2, lease.LeaseCounter);

        // a never stopped processing: its next checkpoint finds the lease its own again and is written.
        Assert.True(await fleet.A.Fencer.CheckpointAsync("shard-1", new ExtendedSequenceNumber("7"), null, None));
        Assert.Equal(LeaseRevocation.None, fleet.Processing.Revocation);
        Assert.Equal(new ExtendedSequenceNumber("7"), (await fleet.A.LeaseAsync("shard-1")).Checkpoint);
        Assert.Empty((await fleet.Table.ListOwnedKeysAsync("b", None))!);
    }

    [Fact]
    public async Task A_handoff_completed_to_a_worker_that_then_stopped_goes_back_to_the_old_owner_which_resumes_from_its_last_checkpoint()
    {
        var fleet = await FleetAsync();
        var scanned = await fleet.A.LeaseAsync("shard-1");

        // Every answer of the leader's table arrives 10 ms of fake time after the write was applied: the round stands
        // between its request and its heartbeat check until the clock moves.
        var latency = TimeSpan.FromMilliseconds(10);
        var meter = new LeaseTableMeter(fleet.A.Time, latency);
        var round = fleet.Assigner(meter.Wrap<ILeaseStore>(fleet.Table)).AssignAsync(Plan(new LeaseMove(scanned, "b", FromLiveOwner: true)), None);
        await Eventually.WaitUntilAsync(async token => (await fleet.Table.GetAsync("shard-1", token))?.CheckpointOwner == "a", TimeSpan.FromSeconds(30), "the handoff request");

        // Meanwhile a sees the request at its next checkpoint, writes it, and lets go; then b exits.
        Assert.True(await fleet.A.Fencer.CheckpointAsync("shard-1", new ExtendedSequenceNumber("42"), null, None));
        Assert.Equal(LeaseRevocation.HandoffRequested, fleet.Processing.Revocation);
        Assert.True(await fleet.A.Fencer.ReleaseAsync("shard-1", None));
        Assert.Equal(("b", (string?)null), ((await fleet.A.LeaseAsync("shard-1")).LeaseOwner, (await fleet.A.LeaseAsync("shard-1")).CheckpointOwner));
        await fleet.Table.DeleteHeartbeatAsync("b", None);

        while (!round.IsCompleted)
        {
            await Eventually.WaitUntilAsync(() => meter.Waiting > 0 || round.IsCompleted, TimeSpan.FromSeconds(30), "the leader's next call");
            fleet.A.Time.Advance(latency);
        }

        await round;
        var lease = await fleet.A.LeaseAsync("shard-1");
        Assert.Equal(("a", (string?)null, new ExtendedSequenceNumber("42")), (lease.LeaseOwner, lease.CheckpointOwner, lease.Checkpoint));

        // a takes it up at its next owner-index look, from the checkpoint it wrote last.
        await fleet.A.Taker.TakeUpAssignedAsync((await fleet.Table.ListOwnedKeysAsync("a", None))!, None);
        var resumed = Assert.Single(fleet.A.Leases.Owned(), owned => owned.ShardId == "shard-1");
        Assert.Equal(new ExtendedSequenceNumber("42"), resumed.Checkpoint);
    }

    [Fact]
    public async Task A_handoff_between_two_workers_that_both_stopped_leaves_the_lease_unowned_for_the_next_round()
    {
        var fleet = await FleetAsync();
        var scanned = await fleet.A.LeaseAsync("shard-1");

        // Scaled in together: the new owner has gone before the request, the old one before the leader checks it.
        await fleet.Table.DeleteHeartbeatAsync("b", None);
        await fleet.Table.DeleteHeartbeatAsync("a", None);
        await fleet.Assigner(fleet.Table).AssignAsync(Plan(new LeaseMove(scanned, "b", FromLiveOwner: true)), None);

        var lease = await fleet.A.LeaseAsync("shard-1");
        Assert.Equal(((string?)null, (string?)null), (lease.LeaseOwner, lease.CheckpointOwner));
    }

    /// <summary>a processes shard-1 and heartbeats, so does b (which holds nothing); shard-0 is unowned.</summary>
    private static async Task<Fleet> FleetAsync()
    {
        var table = await LeaseParts.TableWithAsync("shard-0", "shard-1");
        var a = new LeaseParts(table, "a");
        var processing = await a.TakeAsync("shard-1");
        await table.HeartbeatAsync("a", null, None);
        await table.HeartbeatAsync("b", null, None);
        return new Fleet(table, a, processing, new LeaseParts(table, "leader", a.Time));
    }

    private static FleetBalance Plan(LeaseMove move) => new()
    {
        Quotas = new Dictionary<string, int> { ["a"] = 1, ["b"] = 1 },
        Loads = new Dictionary<string, int> { ["a"] = 1, ["b"] = 0 },
        Moves = [move],
    };

    private sealed record Fleet(InMemoryLeaseStore Table, LeaseParts A, ShardLease Processing, LeaseParts Leader)
    {
        public LeaseAssigner Assigner(ILeaseStore store) => new(Leader.Leases, store, Leader.Options);
    }
}
