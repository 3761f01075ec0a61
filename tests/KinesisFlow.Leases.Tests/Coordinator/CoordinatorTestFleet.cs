using KinesisFlow.Coordination.Leases;
using KinesisFlow.TestKit.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace KinesisFlow.Leases.Tests.Coordinator;

/// <summary>
/// Coordinators sharing one in-memory table and one fake clock; the test drives their cycles. Every worker balances for
/// itself (no leader election): these tests pin down the parts both modes share — taking, fencing, handing off,
/// stopping — cycle by cycle; the leader's part has its own tests (<c>LeaderFleetTests</c>, the fleet simulations).
/// </summary>
internal sealed class CoordinatorTestFleet : IAsyncDisposable
{
    private readonly List<LeaseCoordinator> _workers = [];

    public InMemoryLeaseStore Store { get; } = new();

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    public LeaseOptions Options { get; } = new() { LeaseDuration = TimeSpan.FromSeconds(10), LeaderElection = false };

    public static async Task<CoordinatorTestFleet> WithLeasesAsync(params string[] shardIds)
    {
        var fleet = new CoordinatorTestFleet();
        foreach (var shardId in shardIds)
        {
            await fleet.Store.CreateIfAbsentAsync(Lease.Create(shardId, ExtendedSequenceNumber.TrimHorizon), CancellationToken.None);
        }

        return fleet;
    }

    /// <summary>A new worker that has listed the table and balanced once.</summary>
    public async Task<LeaseCoordinator> BalancedWorkerAsync(string workerId)
    {
        var worker = Worker(workerId);
        await worker.RunBalanceCycleAsync(CancellationToken.None);
        return worker;
    }

    public LeaseCoordinator Worker(string workerId, LeaseInstruments? telemetry = null)
    {
        var worker = new LeaseCoordinator(
            workerId, Store, Options, Time, NullLogger<LeaseCoordinator>.Instance, telemetry: telemetry);
        _workers.Add(worker);
        return worker;
    }

    public async Task<Lease> LeaseAsync(string shardId) =>
        await Store.GetAsync(shardId, CancellationToken.None) ?? throw new InvalidOperationException($"no lease {shardId}");

    /// <summary>The worker's heartbeat item as the table holds it.</summary>
    public async Task<WorkerHeartbeat> HeartbeatAsync(string workerId) =>
        (await Store.ScanAsync(CancellationToken.None)).Heartbeats.SingleOrDefault(beat => beat.WorkerId == workerId)
        ?? throw new InvalidOperationException($"no heartbeat of {workerId}");

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _workers)
        {
            await worker.DisposeAsync();
        }
    }
}
