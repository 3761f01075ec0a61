using KinesisFlow.Coordination.Leases;

namespace KinesisFlow.Leases.Tests.Parts;

public sealed class LeaseFencerTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_checkpoint_after_a_peer_took_the_lease_is_refused_and_the_lease_dropped_as_lost()
    {
        var parts = new LeaseParts(await LeaseParts.TableWithAsync("shard-0"));
        var owned = await parts.TakeAsync("shard-0");
        Assert.True(await parts.Store.TakeAsync(await parts.LeaseAsync("shard-0"), "b", None));

        Assert.False(await parts.Fencer.CheckpointAsync("shard-0", new ExtendedSequenceNumber("5"), null, None));

        Assert.Equal(LeaseRevocation.Lost, owned.Revocation);
        Assert.Equal(ExtendedSequenceNumber.TrimHorizon, (await parts.LeaseAsync("shard-0")).Checkpoint);
    }

    [Fact]
    public async Task A_checkpoint_racing_a_handoff_request_is_written_and_the_release_completes_the_handoff()
    {
        var parts = new LeaseParts(await LeaseParts.TableWithAsync("shard-0"));
        var owned = await parts.TakeAsync("shard-0");
        Assert.True(await parts.Store.RequestHandoffAsync(await parts.LeaseAsync("shard-0"), "b", None));

        Assert.True(await parts.Fencer.CheckpointAsync("shard-0", new ExtendedSequenceNumber("9"), null, None));
        Assert.Equal(LeaseRevocation.HandoffRequested, owned.Revocation);
        Assert.True(await parts.Fencer.ReleaseAsync("shard-0", None));

        var lease = await parts.LeaseAsync("shard-0");
        Assert.Equal(("b", (string?)null), (lease.LeaseOwner, lease.CheckpointOwner));
        Assert.Equal(new ExtendedSequenceNumber("9"), lease.Checkpoint);
        Assert.Empty(parts.Leases.Held);
    }
}
