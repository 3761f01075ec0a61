using KinesisFlow.Coordination.Leases;
using KinesisFlow.TestKit.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace KinesisFlow.Leases.Tests.Coordinator;

/// <summary>Coordinators with a leader, on the in-memory table and one fake clock, across a change of leader.</summary>
public sealed class LeaderChangeTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>
    /// The intermittent 4.5 s graceful take-over of the three-worker dynalite simulation, made deterministic: a worker
    /// that crashed after two heartbeats leaves its item at counter 2, which a planner watching the table would take for
    /// a worker that has just started. The follower elected after the leader's graceful stop has never scanned, so to it
    /// that item proves nothing: it takes every released lease itself at its first scan instead of assigning half of them
    /// to the dead worker, where nobody would read them for a lease duration.
    /// </summary>
    [Fact]
    public async Task A_leader_elected_after_a_graceful_stop_assigns_nothing_to_a_worker_that_crashed_right_after_starting()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var options = new LeaseOptions { LeaseDuration = TimeSpan.FromSeconds(3), RenewInterval = TimeSpan.FromMilliseconds(500), BalanceInterval = TimeSpan.FromMilliseconds(500) };
        var table = new InMemoryLeaseStore();
        foreach (var (shard, owner) in new[] { ("shard-0", "leader"), ("shard-1", "leader"), ("shard-2", "follower"), ("shard-3", "follower") })
        {
            table.Put(Lease.Create(shard, ExtendedSequenceNumber.TrimHorizon).TakenBy(owner));
        }

        await using var leader = new LeaseCoordinator("leader", table, options, time, NullLogger<LeaseCoordinator>.Instance);
        await using var follower = new LeaseCoordinator("follower", table, options, time, NullLogger<LeaseCoordinator>.Instance);
        await leader.RunRenewCycleAsync(None);
        await follower.RunRenewCycleAsync(None);
        Assert.True(leader.IsLeader);
        Assert.Equal((2, 2), (leader.OwnedLeases.Count, follower.OwnedLeases.Count));
        await table.HeartbeatAsync("crashed", null, None);
        await table.HeartbeatAsync("crashed", null, None);

        await leader.StopAsync(None);
        time.Advance(options.EffectiveRenewInterval);
        await follower.RunRenewCycleAsync(None);
        Assert.True(follower.IsLeader);
        await follower.RunBalanceCycleAsync(None);

        Assert.Equal(4, follower.OwnedLeases.Count);
        Assert.Empty((await table.ListOwnedKeysAsync("crashed", None))!);
    }
}
