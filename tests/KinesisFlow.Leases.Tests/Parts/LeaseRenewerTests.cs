using KinesisFlow.Leases.Tests.Coordinator;

namespace KinesisFlow.Leases.Tests.Parts;

public sealed class LeaseRenewerTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Renews_what_it_owns_and_reports_each_cycle_that_reached_the_table()
    {
        var parts = new LeaseParts(await LeaseParts.TableWithAsync("shard-0", "shard-1"));
        await parts.TakeAsync("shard-0");
        var before = (await parts.LeaseAsync("shard-0")).LeaseCounter;
        var completed = 0;
        parts.Renewer.CycleCompleted += (_, _) => completed++;

        await parts.Renewer.RunCycleAsync(None);

        Assert.Equal(before + 1, (await parts.LeaseAsync("shard-0")).LeaseCounter);
        Assert.Equal(0, (await parts.LeaseAsync("shard-1")).LeaseCounter);
        Assert.Equal(1, completed);
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
