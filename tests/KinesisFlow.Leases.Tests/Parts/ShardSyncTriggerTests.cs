using KinesisFlow.Coordination.Leases;
using KinesisFlow.TestKit.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace KinesisFlow.Leases.Tests.Parts;

public sealed class ShardSyncTriggerTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Syncs_at_the_first_cycle_then_once_per_interval_and_survives_a_failed_listing()
    {
        var table = new InMemoryLeaseStore();
        var lister = new CountingLister();
        var parts = new LeaseParts(table);
        var synchronizer = new ShardSynchronizer(lister, table, ExtendedSequenceNumber.TrimHorizon, NullLogger<ShardSynchronizer>.Instance);
        var trigger = new ShardSyncTrigger(synchronizer, parts.Leases, parts.Options);

        await trigger.RunIfDueAsync(None);
        parts.Time.Advance(parts.Options.ShardSyncInterval - TimeSpan.FromSeconds(1));
        await trigger.RunIfDueAsync(None);
        Assert.Equal(1, lister.Calls);
        Assert.NotNull(await table.GetAsync("shard-0", None));

        lister.Failing = true;
        parts.Time.Advance(TimeSpan.FromSeconds(1));
        await trigger.RunIfDueAsync(None);
        Assert.Equal(2, lister.Calls);
    }

    private sealed class CountingLister : IShardLister
    {
        public int Calls { get; private set; }

        public bool Failing { get; set; }

        public Task<IReadOnlyList<ShardInfo>> ListShardsAsync(CancellationToken cancellationToken)
        {
            Calls++;
            return Failing
                ? throw new TimeoutException("ListShards throttled")
                : Task.FromResult<IReadOnlyList<ShardInfo>>([new ShardInfo("shard-0", null, null, HashKeyRange.Full)]);
        }
    }
}
