using KinesisFlow.Coordination.Leases;
using KinesisFlow.TestKit.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace KinesisFlow.Leases.Tests.Parts;

/// <summary>One worker's protocol parts wired as the coordinator wires them, over a given table, on one fake clock.</summary>
internal sealed class LeaseParts
{
    public LeaseParts(ILeaseStore store, string workerId = "a", FakeTimeProvider? time = null)
    {
        Store = store;
        Time = time ?? new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        Leases = new HeldLeases(workerId, new LeaseExpiryTracker(Time, Options.LeaseDuration), NullLogger.Instance, telemetry: null);
        Fencer = new LeaseFencer(Leases, store);
        Taker = new LeaseTaker(Leases, store);
        Elector = new LeaderElector(Leases, store, Options);
        Renewer = new LeaseRenewer(Leases, store, Fencer, Taker, elector: null, Options, Time);
    }

    public ILeaseStore Store { get; }

    public FakeTimeProvider Time { get; }

    public LeaseOptions Options { get; } = new() { LeaseDuration = TimeSpan.FromSeconds(10) };

    public HeldLeases Leases { get; }

    public LeaseFencer Fencer { get; }

    public LeaseRenewer Renewer { get; }

    public LeaseTaker Taker { get; }

    /// <summary>This worker's leader election (the renewer above runs without one: every worker balances for itself).</summary>
    public LeaderElector Elector { get; }

    public static async Task<InMemoryLeaseStore> TableWithAsync(params string[] shardIds)
    {
        var table = new InMemoryLeaseStore();
        foreach (var shardId in shardIds)
        {
            await table.CreateIfAbsentAsync(Lease.Create(shardId, ExtendedSequenceNumber.TrimHorizon), CancellationToken.None);
        }

        return table;
    }

    public async Task<Lease> LeaseAsync(string shardId) =>
        await Store.GetAsync(shardId, CancellationToken.None) ?? throw new InvalidOperationException($"no lease {shardId}");

    /// <summary>Takes the lease through the taker, as a balance cycle would.</summary>
    public async Task<ShardLease> TakeAsync(string shardId)
    {
        Assert.True(await Taker.TakeAsync(await LeaseAsync(shardId), CancellationToken.None));
        return Assert.Single(Leases.Owned(), lease => lease.ShardId == shardId);
    }
}
