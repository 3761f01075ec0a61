using System.Diagnostics.Metrics;
using KinesisFlow.Coordination.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace KinesisFlow.Leases.Tests.Coordinator;

/// <summary>The coordinator reports through the real telemetry class, measured with MetricCollector.</summary>
public sealed class LeaseCoordinatorTelemetryTests : IAsyncDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task Takes_balancing_moves_handoffs_and_losses_are_counted_per_worker()
    {
        await using var fleet = await CoordinatorTestFleet.WithLeasesAsync("shard-0", "shard-1", "shard-2");
        var meters = _services.GetRequiredService<IMeterFactory>();
        var telemetry = new LeaseInstruments(meters);
        using var taken = new MetricCollector<long>(meters, KinesisFlowMeter.Name, "kinesisflow.worker.leases.taken");
        using var stolen = new MetricCollector<long>(meters, KinesisFlowMeter.Name, "kinesisflow.worker.leases.stolen");
        using var handedOff = new MetricCollector<long>(meters, KinesisFlowMeter.Name, "kinesisflow.worker.leases.handed_off");
        using var lost = new MetricCollector<long>(meters, KinesisFlowMeter.Name, "kinesisflow.worker.leases.lost");
        var a = fleet.Worker("a", telemetry);
        var b = fleet.Worker("b", telemetry);

        await a.RunBalanceCycleAsync(None);
        await b.RunBalanceCycleAsync(None);
        await a.RunRenewCycleAsync(None);
        var asked = Assert.Single(await fleet.Store.ListAsync(None), lease => lease.CheckpointOwner == "a");
        await a.ReleaseAsync(asked.LeaseKey, None);
        var other = (await fleet.Store.ListAsync(None)).First(lease => lease.LeaseOwner == "a");
        await fleet.Store.TakeAsync(other, "c", None);
        await a.RunRenewCycleAsync(None);

        Assert.Equal(3, Sum(taken, "a"));
        Assert.Equal(1, Sum(stolen, "b"));
        Assert.Equal(1, Sum(handedOff, "a"));
        Assert.Equal(1, Sum(lost, "a"));
    }

    private static long Sum(MetricCollector<long> collector, string worker) =>
        collector.GetMeasurementSnapshot().Where(m => Equals(m.Tags.GetValueOrDefault(TelemetryTags.WorkerId), worker)).Sum(m => m.Value);
}
