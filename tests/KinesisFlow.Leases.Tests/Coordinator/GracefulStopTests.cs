using Microsoft.Extensions.Logging.Abstractions;

namespace KinesisFlow.Leases.Tests.Coordinator;

/// <summary>
/// A worker that stops gracefully leaves no lease owned: a take cut off by the stop is resolved by re-reading the
/// lease, and once stopping began the worker takes, steals and accepts nothing.
/// </summary>
public sealed class GracefulStopTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_take_whose_answer_is_cut_off_by_the_stop_is_released_not_left_owned()
    {
        await using var fleet = await CoordinatorTestFleet.WithLeasesAsync("shard-0", "shard-1");
        var store = new SlowLeaseStore(fleet.Store, fleet.Time, TimeSpan.FromMilliseconds(40));
        var worker = new LeaseCoordinator("a", store, fleet.Options, fleet.Time, NullLogger<LeaseCoordinator>.Instance);

        // The balance cycle lists the table, then takes shard-0: the table applies the take, the answer is on the way
        // when the stop cancels the cycle (as StopAsync cancels the balance loop).
        using var loop = new CancellationTokenSource();
        var cycle = worker.RunBalanceCycleAsync(loop.Token);
        await store.AnswerNextAsync();
        await KinesisFlow.TestKit.Eventually.WaitUntilAsync(
            async token => (await fleet.Store.ListAsync(token)).Any(lease => lease.LeaseOwner == "a"), TimeSpan.FromSeconds(30), "the take to be applied");
        worker.StopTaking();
        await loop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cycle);
        Assert.Empty(worker.OwnedLeases);

        var stop = worker.StopAsync(None);
        while (!stop.IsCompleted)
        {
            await store.AnswerNextAsync();
        }

        await stop;
        Assert.All(await fleet.Store.ListAsync(None), lease => Assert.Null(lease.LeaseOwner));
    }

    [Fact]
    public async Task A_stopping_worker_takes_no_lease_and_releases_a_handoff_completed_to_it_without_processing_it()
    {
        await using var fleet = await CoordinatorTestFleet.WithLeasesAsync("shard-0", "shard-1", "shard-2", "shard-3");
        var a = await fleet.BalancedWorkerAsync("a");
        var b = await fleet.BalancedWorkerAsync("b");
        var asked = (await fleet.Store.ListAsync(None)).Where(lease => lease.CheckpointOwner == "a").Select(lease => lease.LeaseKey).ToList();
        Assert.NotEmpty(asked);

        // b begins stopping; a completes the handoffs b asked for, then stops too, releasing the rest.
        b.StopTaking();
        await a.RunRenewCycleAsync(None);
        foreach (var key in asked)
        {
            Assert.True(await a.ReleaseAsync(key, None));
        }

        await a.StopAsync(None);
        Assert.Contains(await fleet.Store.ListAsync(None), lease => lease.LeaseOwner is null);

        // b sees unowned leases and handoffs completed to it: it takes none, and processes none.
        var changes = 0;
        b.OwnedLeasesChanged += (_, _) => changes++;
        fleet.Time.Advance(fleet.Options.EffectiveBalanceInterval);
        await b.RunRenewCycleAsync(None);
        await b.RunBalanceCycleAsync(None);
        Assert.Empty(b.OwnedLeases);
        Assert.Equal(0, changes);
        Assert.All(await fleet.Store.ListAsync(None), lease => Assert.True(lease.LeaseOwner is null || asked.Contains(lease.LeaseKey), $"{lease.LeaseKey} owned by {lease.LeaseOwner}"));

        await b.StopAsync(None);
        Assert.All(await fleet.Store.ListAsync(None), lease => Assert.Null(lease.LeaseOwner));
    }
}
