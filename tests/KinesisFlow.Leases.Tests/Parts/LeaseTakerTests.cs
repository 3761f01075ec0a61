using KinesisFlow.Leases.Tests.Coordinator;

namespace KinesisFlow.Leases.Tests.Parts;

public sealed class LeaseTakerTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_take_whose_answer_never_arrived_is_in_doubt_and_released_when_stopping()
    {
        var table = await LeaseParts.TableWithAsync("shard-0");
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var slow = new SlowLeaseStore(table, time, TimeSpan.FromSeconds(1));
        var parts = new LeaseParts(slow, time: time);
        using var cut = new CancellationTokenSource();

        // The write is applied at once; its answer is still on the way when the caller gives up.
        var take = parts.Taker.TakeAsync((await table.GetAsync("shard-0", None))!, cut.Token);
        await cut.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => take);

        Assert.Equal("a", (await table.GetAsync("shard-0", None))!.LeaseOwner);
        Assert.Empty(parts.Leases.Held);
        Assert.Contains("shard-0", parts.Leases.InDoubt.Keys);
        parts.Leases.StopTaking();
        var release = parts.Taker.ReleaseInDoubtAsync(None);
        await slow.AnswerNextAsync();
        await slow.AnswerNextAsync();
        await release;
        Assert.Null((await table.GetAsync("shard-0", None))!.LeaseOwner);
    }

    [Fact]
    public async Task Takes_nothing_once_stopping_began()
    {
        var parts = new LeaseParts(await LeaseParts.TableWithAsync("shard-0"));
        parts.Leases.StopTaking();

        Assert.False(await parts.Taker.TakeAsync(await parts.LeaseAsync("shard-0"), None));
        Assert.Null((await parts.LeaseAsync("shard-0")).LeaseOwner);
    }

    [Fact]
    public async Task A_lease_the_table_names_this_worker_for_is_taken_again_which_fences_any_stale_writer()
    {
        var parts = new LeaseParts(await LeaseParts.TableWithAsync("shard-0"));
        Assert.True(await parts.Store.TakeAsync(await parts.LeaseAsync("shard-0"), "a", None));
        var counter = (await parts.LeaseAsync("shard-0")).LeaseCounter;
        var listing = await parts.Store.ListAsync(None);

        await parts.Taker.AdoptAsync(listing, listing.ToDictionary(lease => lease.LeaseKey), None);

        Assert.Single(parts.Leases.Owned());
        Assert.Equal(counter + 1, (await parts.LeaseAsync("shard-0")).LeaseCounter);
    }
}
