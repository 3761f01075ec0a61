using KinesisFlow.Coordination.Leases;

namespace KinesisFlow.Leases.Tests.Coordinator;

/// <summary>
/// Graceful handoff when the two workers' cycles interleave badly: the old owner checkpoints before any renewal has
/// shown it the request, and the new owner dies before the handoff completes.
/// </summary>
public sealed class HandoffRaceTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_checkpoint_on_a_counter_made_stale_by_a_handoff_request_is_written_and_starts_the_handoff()
    {
        await using var fleet = await CoordinatorTestFleet.WithLeasesAsync("shard-0", "shard-1");
        var a = await fleet.BalancedWorkerAsync("a");
        var handles = a.OwnedLeases.ToDictionary(lease => lease.ShardId, StringComparer.Ordinal);
        var b = await fleet.BalancedWorkerAsync("b");
        var asked = Assert.Single(await fleet.Store.ListAsync(None), lease => lease.CheckpointOwner == "a").LeaseKey;

        // a's shard task checkpoints before a's renew or balance cycle has seen the request.
        Assert.True(await a.CheckpointAsync(asked, new ExtendedSequenceNumber("4242"), None));

        Assert.Equal(LeaseRevocation.HandoffRequested, handles[asked].Revocation);
        Assert.True(handles[asked].Revoked.IsCancellationRequested);
        Assert.DoesNotContain(a.OwnedLeases, lease => lease.ShardId == asked);
        var lease = await fleet.LeaseAsync(asked);
        Assert.Equal(new ExtendedSequenceNumber("4242"), lease.Checkpoint);
        Assert.Equal(("b", "a"), (lease.LeaseOwner, lease.CheckpointOwner));

        // The supervisor's last checkpoint and release then complete the handoff; b resumes from it at once.
        Assert.True(await a.CheckpointAsync(asked, new ExtendedSequenceNumber("4300"), None));
        Assert.True(await a.ReleaseAsync(asked, None));
        await b.RunRenewCycleAsync(None);
        await b.RunBalanceCycleAsync(None);
        var resumed = Assert.Single(b.OwnedLeases);
        Assert.Equal((asked, new ExtendedSequenceNumber("4300")), (resumed.ShardId, resumed.Checkpoint));
        Assert.Equal(LeaseRevocation.None, handles.Single(pair => pair.Key != asked).Value.Revocation);
    }

    [Fact]
    public async Task A_checkpoint_on_a_counter_made_stale_by_an_outright_steal_is_still_refused()
    {
        await using var fleet = await CoordinatorTestFleet.WithLeasesAsync("shard-0");
        var a = await fleet.BalancedWorkerAsync("a");
        var handle = Assert.Single(a.OwnedLeases);

        Assert.True(await fleet.Store.TakeAsync(await fleet.LeaseAsync("shard-0"), "b", None));

        Assert.False(await a.CheckpointAsync("shard-0", new ExtendedSequenceNumber("10"), None));
        Assert.Equal(LeaseRevocation.Lost, handle.Revocation);
        Assert.Equal(ExtendedSequenceNumber.TrimHorizon, (await fleet.LeaseAsync("shard-0")).Checkpoint);
    }

    [Theory]
    [InlineData("a")] // the old owner, which no longer holds it (restarted under the same id, or gave it up)
    [InlineData("c")] // any other worker
    public async Task A_handoff_left_pending_by_a_dead_new_owner_expires_like_any_lease(string survivor)
    {
        await using var fleet = await CoordinatorTestFleet.WithLeasesAsync("shard-0");
        var seen = await fleet.LeaseAsync("shard-0");
        Assert.True(await fleet.Store.TakeAsync(seen, "a", None));
        Assert.True(await fleet.Store.CheckpointAsync(seen.TakenBy("a"), new ExtendedSequenceNumber("77"), null, None));
        Assert.True(await fleet.Store.RequestHandoffAsync(await fleet.LeaseAsync("shard-0"), "b", None));
        // b, the new owner, dies here: nobody renews the lease or completes the handoff.
        var worker = await fleet.BalancedWorkerAsync(survivor);
        Assert.Empty(worker.OwnedLeases);

        fleet.Time.Advance(fleet.Options.LeaseDuration);
        await worker.RunBalanceCycleAsync(None);
        Assert.Empty(worker.OwnedLeases);

        fleet.Time.Advance(TimeSpan.FromMilliseconds(1));
        await worker.RunBalanceCycleAsync(None);

        var taken = Assert.Single(worker.OwnedLeases);
        Assert.Equal(("shard-0", new ExtendedSequenceNumber("77")), (taken.ShardId, taken.Checkpoint));
        var lease = await fleet.LeaseAsync("shard-0");
        Assert.Equal((survivor, (string?)null), (lease.LeaseOwner, lease.CheckpointOwner));
        Assert.True(await worker.CheckpointAsync("shard-0", new ExtendedSequenceNumber("78"), None));
    }

    [Fact]
    public async Task An_old_owner_still_finishing_a_handoff_takes_the_lease_back_only_after_letting_go()
    {
        await using var fleet = await CoordinatorTestFleet.WithLeasesAsync("shard-0", "shard-1");
        var a = await fleet.BalancedWorkerAsync("a");
        var b = await fleet.BalancedWorkerAsync("b");
        var asked = Assert.Single(await fleet.Store.ListAsync(None), lease => lease.CheckpointOwner == "a").LeaseKey;
        await a.RunBalanceCycleAsync(None);
        Assert.DoesNotContain(a.OwnedLeases, lease => lease.ShardId == asked);
        await b.DisposeAsync();

        // a's shard task is still finishing when the dead new owner's lease expires: a must not take it meanwhile.
        fleet.Time.Advance(fleet.Options.LeaseDuration + TimeSpan.FromMilliseconds(1));
        await a.RunRenewCycleAsync(None);
        await a.RunBalanceCycleAsync(None);
        Assert.DoesNotContain(a.OwnedLeases, lease => lease.ShardId == asked);
        Assert.Equal(("b", "a"), ((await fleet.LeaseAsync(asked)).LeaseOwner, (await fleet.LeaseAsync(asked)).CheckpointOwner));

        Assert.True(await a.CheckpointAsync(asked, new ExtendedSequenceNumber("900"), None));
        Assert.True(await a.ReleaseAsync(asked, None));
        await a.RunBalanceCycleAsync(None);

        var back = Assert.Single(a.OwnedLeases, lease => lease.ShardId == asked);
        Assert.Equal(new ExtendedSequenceNumber("900"), back.Checkpoint);
        Assert.Equal("a", (await fleet.LeaseAsync(asked)).LeaseOwner);
    }
}
