using KinesisFlow.Coordination.Telemetry;
using KinesisFlow.TestKit;

namespace KinesisFlow.Leases.Tests.Telemetry;

/// <summary>The lease coordinator's instruments: per-worker gauges and lease movements.</summary>
public sealed class LeaseMetricsTests : IDisposable
{
    private readonly TelemetryHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public void Worker_gauges_report_the_last_balancing_cycle_per_worker_until_the_worker_stops()
    {
        var owned = _harness.Collect<int>("kinesisflow.worker.leases.owned");
        var workers = _harness.Collect<int>("kinesisflow.worker.workers");
        var waiting = _harness.Collect<int>("kinesisflow.worker.shards.waiting_on_parent");

        _harness.Leases.WorkerObserved("worker-a", leasesOwned: 3, workersSeen: 2, shardsWaitingOnParents: 1);
        _harness.Leases.WorkerObserved("worker-a", leasesOwned: 4, workersSeen: 2, shardsWaitingOnParents: 0);
        _harness.Leases.WorkerObserved("worker-b", leasesOwned: 4, workersSeen: 2, shardsWaitingOnParents: 2);
        owned.RecordObservableInstruments();
        workers.RecordObservableInstruments();
        waiting.RecordObservableInstruments();

        Assert.Equal(4, ValueFor(owned, "worker-a"));
        Assert.Equal(4, ValueFor(owned, "worker-b"));
        Assert.Equal(2, ValueFor(workers, "worker-a"));
        Assert.Equal(0, ValueFor(waiting, "worker-a"));
        Assert.Equal(2, ValueFor(waiting, "worker-b"));

        _harness.Leases.WorkerStopped("worker-a");
        owned.Clear();
        owned.RecordObservableInstruments();
        var remaining = Assert.Single(owned.GetMeasurementSnapshot());
        Assert.Equal("worker-b", remaining.Tags[TelemetryTags.WorkerId]);
    }

    [Fact]
    public void Lease_movements_are_counted_per_kind()
    {
        var taken = _harness.Collect<long>("kinesisflow.worker.leases.taken");
        var stolen = _harness.Collect<long>("kinesisflow.worker.leases.stolen");
        var lost = _harness.Collect<long>("kinesisflow.worker.leases.lost");
        var handedOff = _harness.Collect<long>("kinesisflow.worker.leases.handed_off");

        _harness.Leases.LeaseTaken("worker-a", 5);
        _harness.Leases.LeaseStolen("worker-a");
        _harness.Leases.LeaseLost("worker-a", 2);
        _harness.Leases.LeaseHandedOff("worker-a", 3);

        Assert.Equal(5, taken.LastMeasurement!.Value);
        Assert.Equal(1, stolen.LastMeasurement!.Value);
        Assert.Equal(2, lost.LastMeasurement!.Value);
        Assert.Equal(3, handedOff.LastMeasurement!.Value);
        Assert.Equal("worker-a", taken.LastMeasurement.Tags[TelemetryTags.WorkerId]);
    }

    private static int ValueFor(Microsoft.Extensions.Diagnostics.Metrics.Testing.MetricCollector<int> collector, string workerId) =>
        collector.GetMeasurementSnapshot().Last(m => Equals(m.Tags[TelemetryTags.WorkerId], workerId)).Value;
}
