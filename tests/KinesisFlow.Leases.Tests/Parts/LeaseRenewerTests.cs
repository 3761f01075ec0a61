using KinesisFlow.Coordination.Leases;
using KinesisFlow.Leases.Tests.Coordinator;

namespace KinesisFlow.Leases.Tests.Parts;

public sealed class LeaseRenewerTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Writes_one_heartbeat_per_cycle_however_many_leases_it_holds_and_leaves_their_counters_alone()
    {
        var parts = new LeaseParts(await LeaseParts.TableWithAsync("shard-0", "shard-1", "shard-2"));
        await parts.TakeAsync("shard-0");
        await parts.TakeAsync("shard-1");
        var counters = (await parts.Store.ListAsync(None)).ToDictionary(lease => lease.LeaseKey, lease => lease.LeaseCounter);
        var completed = 0;
        parts.Renewer.CycleCompleted += (_, _) => completed++;

        await parts.Renewer.RunCycleAsync(None);
        await parts.Renewer.RunCycleAsync(None);

        Assert.Equal(counters, (await parts.Store.ListAsync(None)).ToDictionary(lease => lease.LeaseKey, lease => lease.LeaseCounter));
        Assert.Equal(new WorkerHeartbeat("a", 2), Assert.Single((await parts.Store.ScanAsync(None)).Heartbeats));
        Assert.Equal(2, completed);
        Assert.Equal(2, parts.Leases.Owned().Count);
    }

    [Fact]
    public async Task A_lease_taken_by_a_peer_is_seen_lost_at_the_next_cycle_without_a_renewal_or_a_scan()
    {
        var parts = new LeaseParts(await LeaseParts.TableWithAsync("shard-0", "shard-1"));
        var lost = await parts.TakeAsync("shard-0");
        var kept = await parts.TakeAsync("shard-1");
        Assert.True(await parts.Store.TakeAsync(await parts.LeaseAsync("shard-0"), "b", None));

        await parts.Renewer.RunCycleAsync(None);

        Assert.Equal(LeaseRevocation.Lost, lost.Revocation);
        Assert.Equal(LeaseRevocation.None, kept.Revocation);
    }

    [Fact]
    public async Task Renewals_failing_for_a_whole_lease_duration_give_the_lease_up_as_lost()
    {
        var store = new ThrottledRenewals(await LeaseParts.TableWithAsync("shard-0"));
        var parts = new LeaseParts(store);
        var owned = await parts.TakeAsync("shard-0");
        var completed = 0;
        parts.Renewer.CycleCompleted += (_, _) => completed++;
        store.Failing = true;

        parts.Time.Advance(parts.Options.LeaseDuration);
        await parts.Renewer.RunCycleAsync(None);
        Assert.Equal(LeaseRevocation.None, owned.Revocation);

        parts.Time.Advance(TimeSpan.FromSeconds(1));
        await parts.Renewer.RunCycleAsync(None);

        Assert.Equal(LeaseRevocation.Lost, owned.Revocation);
        Assert.Empty(parts.Leases.Owned());
        Assert.Equal(0, completed);
    }

    [Fact]
    public async Task A_refused_renewal_of_a_lease_asked_for_by_a_peer_revokes_it_for_handoff()
    {
        var parts = new LeaseParts(await LeaseParts.TableWithAsync("shard-0"));
        var owned = await parts.TakeAsync("shard-0");
        Assert.True(await parts.Store.RequestHandoffAsync(await parts.LeaseAsync("shard-0"), "b", None));

        await parts.Renewer.RunCycleAsync(None);

        Assert.Equal(LeaseRevocation.HandoffRequested, owned.Revocation);
        Assert.Equal("b", (await parts.LeaseAsync("shard-0")).LeaseOwner);
    }
}
