using KinesisFlow.Coordination.Leases;

namespace KinesisFlow.Leases.Tests.Parts;

public sealed class LeaderElectorTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task The_first_worker_claims_the_leadership_and_a_follower_never_claims_while_the_leader_renews()
    {
        var table = await LeaseParts.TableWithAsync("shard-0");
        var a = new LeaseParts(table, "a");
        var b = new LeaseParts(table, "b", a.Time);

        await a.Elector.RunCycleAsync(1, None);
        await b.Elector.RunCycleAsync(1, None);
        Assert.True(a.Elector.IsLeader);
        Assert.False(b.Elector.IsLeader);

        for (var cycle = 2; cycle < 20; cycle++)
        {
            a.Time.Advance(a.Options.EffectiveRenewInterval);
            await a.Elector.RunCycleAsync(cycle, None);
            await b.Elector.RunCycleAsync(cycle, None);
        }

        Assert.True(a.Elector.IsLeader);
        Assert.False(b.Elector.IsLeader);
        Assert.Equal(new LeaderLease("a", 19, 19), await table.ReadLeaderAsync(None));
    }

    [Fact]
    public async Task A_silent_leader_is_replaced_after_a_lease_duration_and_its_leases_are_judged_expired_at_the_first_scan()
    {
        var table = await LeaseParts.TableWithAsync("shard-0", "shard-1");
        var a = new LeaseParts(table, "a");
        var b = new LeaseParts(table, "b", a.Time);
        await a.TakeAsync("shard-0");
        var heartbeat = await table.HeartbeatAsync("a", null, None);
        await a.Elector.RunCycleAsync(heartbeat, None);
        await b.Elector.RunCycleAsync(await table.HeartbeatAsync("b", null, None), None);

        // a dies: neither its heartbeat nor the leader item changes any more.
        var silentFor = TimeSpan.Zero;
        while (!b.Elector.IsLeader)
        {
            a.Time.Advance(b.Options.EffectiveRenewInterval);
            silentFor += b.Options.EffectiveRenewInterval;
            await b.Elector.RunCycleAsync(await table.HeartbeatAsync("b", null, None), None);
            Assert.True(silentFor <= b.Options.LeaseDuration + b.Options.EffectiveRenewInterval, $"no take-over after {silentFor}");
        }

        Assert.True(silentFor > b.Options.LeaseDuration, $"took the leadership over after only {silentFor}");
        Assert.Equal("b", (await table.ReadLeaderAsync(None))?.WorkerId);

        // b never scanned before, yet knows how long a's heartbeat has stood still: a's lease is expired at once.
        var scan = await table.ScanAsync(None);
        var observations = b.Leases.Tracker.Observe(scan);
        var lease = await b.LeaseAsync("shard-0");
        Assert.True(LeaseExpiryTracker.IsExpired(lease, observations["shard-0"], b.Leases.Now, b.Options.LeaseDuration));
        Assert.DoesNotContain("a", b.Leases.Tracker.LiveWorkers);

        // a comes back (a long pause, not a crash): its next renewal is refused and it steps down.
        await a.Elector.RunCycleAsync(await table.HeartbeatAsync("a", null, None), None);
        Assert.False(a.Elector.IsLeader);
    }

    [Fact]
    public async Task A_leader_whose_heartbeat_still_moves_keeps_its_leases_when_a_follower_takes_the_leadership_over()
    {
        var table = await LeaseParts.TableWithAsync("shard-0");
        var a = new LeaseParts(table, "a");
        var b = new LeaseParts(table, "b", a.Time);
        await a.TakeAsync("shard-0");
        await a.Elector.RunCycleAsync(await table.HeartbeatAsync("a", null, None), None);
        await b.Elector.RunCycleAsync(await table.HeartbeatAsync("b", null, None), None);

        // a's leader renewals stop (say, refused by a fault of their own) while its heartbeats go on.
        while (!b.Elector.IsLeader)
        {
            a.Time.Advance(b.Options.EffectiveRenewInterval);
            await table.HeartbeatAsync("a", null, None);
            await b.Elector.RunCycleAsync(await table.HeartbeatAsync("b", null, None), None);
        }

        var observations = b.Leases.Tracker.Observe(await table.ScanAsync(None));
        Assert.False(LeaseExpiryTracker.IsExpired(await b.LeaseAsync("shard-0"), observations["shard-0"], b.Leases.Now, b.Options.LeaseDuration));
        Assert.Contains("a", b.Leases.Tracker.LiveWorkers);
    }

    [Fact]
    public async Task A_stopping_leader_resigns_and_a_follower_claims_at_its_next_cycle()
    {
        var table = await LeaseParts.TableWithAsync("shard-0");
        var a = new LeaseParts(table, "a");
        var b = new LeaseParts(table, "b", a.Time);
        await a.Elector.RunCycleAsync(1, None);
        await b.Elector.RunCycleAsync(1, None);

        a.Leases.StopTaking();
        a.Time.Advance(a.Options.EffectiveRenewInterval);
        await a.Elector.RunCycleAsync(2, None);
        Assert.False(a.Elector.IsLeader);
        Assert.Null(await table.ReadLeaderAsync(None));

        await b.Elector.RunCycleAsync(2, None);
        Assert.True(b.Elector.IsLeader);

        // A stopping worker never claims.
        a.Time.Advance(a.Options.LeaseDuration * 2);
        await a.Elector.RunCycleAsync(3, None);
        Assert.False(a.Elector.IsLeader);
    }
}
