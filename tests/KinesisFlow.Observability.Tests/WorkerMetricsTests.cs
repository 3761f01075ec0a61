using Microsoft.Extensions.DependencyInjection;

namespace KinesisFlow.Observability.Tests;

public sealed class WorkerMetricsTests : IDisposable
{
    private readonly TelemetryHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public void Worker_gauges_report_the_last_balancing_cycle_per_worker_until_the_worker_stops()
    {
        var owned = _harness.Collect<int>("kinesisflow.worker.leases.owned");
        var workers = _harness.Collect<int>("kinesisflow.worker.workers");
        var waiting = _harness.Collect<int>("kinesisflow.worker.shards.waiting_on_parent");

        _harness.Telemetry.WorkerObserved("worker-a", leasesOwned: 3, workersSeen: 2, shardsWaitingOnParents: 1);
        _harness.Telemetry.WorkerObserved("worker-a", leasesOwned: 4, workersSeen: 2, shardsWaitingOnParents: 0);
        _harness.Telemetry.WorkerObserved("worker-b", leasesOwned: 4, workersSeen: 2, shardsWaitingOnParents: 2);
        owned.RecordObservableInstruments();
        workers.RecordObservableInstruments();
        waiting.RecordObservableInstruments();

        Assert.Equal(4, ValueFor(owned, "worker-a"));
        Assert.Equal(4, ValueFor(owned, "worker-b"));
        Assert.Equal(2, ValueFor(workers, "worker-a"));
        Assert.Equal(0, ValueFor(waiting, "worker-a"));
        Assert.Equal(2, ValueFor(waiting, "worker-b"));

        _harness.Telemetry.WorkerStopped("worker-a");
        owned.Clear();
        owned.RecordObservableInstruments();
        var remaining = Assert.Single(owned.GetMeasurementSnapshot());
        Assert.Equal("worker-b", remaining.Tags[TelemetryTags.WorkerId]);
    }

    [Fact]
    public void Readiness_is_published_as_a_gauge_for_alarms()
    {
        var ready = _harness.Collect<int>("kinesisflow.worker.ready");
        var readiness = _harness.Services.GetRequiredService<ReadinessState>();
        var observed = new List<int>();
        void Observe()
        {
            ready.RecordObservableInstruments();
            observed.Add(ready.LastMeasurement!.Value);
        }

        Observe(); // starting: no renewal yet
        readiness.LeasesRenewed("worker-a");
        Observe();
        for (var i = 0; i < new ReadinessOptions().SinkFailureThreshold; i++)
        {
            readiness.SinkFailed("sekoia"); // a SIEM outage: unready, which must alarm, never restart
        }

        Observe();
        readiness.SinkSucceeded("sekoia");
        Observe();
        _harness.Time.Advance(new ReadinessOptions().RenewalStaleAfter + TimeSpan.FromSeconds(1)); // renewals stalled
        Observe();

        Assert.Equal([0, 1, 0, 1, 0], observed);
    }

    [Fact]
    public void Lease_movements_are_counted_per_kind()
    {
        var taken = _harness.Collect<long>("kinesisflow.worker.leases.taken");
        var stolen = _harness.Collect<long>("kinesisflow.worker.leases.stolen");
        var lost = _harness.Collect<long>("kinesisflow.worker.leases.lost");
        var handedOff = _harness.Collect<long>("kinesisflow.worker.leases.handed_off");

        _harness.Telemetry.LeaseTaken("worker-a", 5);
        _harness.Telemetry.LeaseStolen("worker-a");
        _harness.Telemetry.LeaseLost("worker-a", 2);
        _harness.Telemetry.LeaseHandedOff("worker-a", 3);

        Assert.Equal(5, taken.LastMeasurement!.Value);
        Assert.Equal(1, stolen.LastMeasurement!.Value);
        Assert.Equal(2, lost.LastMeasurement!.Value);
        Assert.Equal(3, handedOff.LastMeasurement!.Value);
        Assert.Equal("worker-a", taken.LastMeasurement.Tags[TelemetryTags.WorkerId]);
    }

    [Fact]
    public void Checkpoint_durations_are_recorded_and_failures_counted_by_error_type()
    {
        var duration = _harness.Collect<double>("kinesisflow.worker.checkpoint.duration");
        var failures = _harness.Collect<long>("kinesisflow.worker.checkpoint.failures");

        _harness.Telemetry.CheckpointWritten("worker-a", "flow-logs", "shardId-000000000000", TimeSpan.FromMilliseconds(25));
        _harness.Telemetry.CheckpointFailed("worker-a", "lease_lost", TimeSpan.FromMilliseconds(8));

        var durations = duration.GetMeasurementSnapshot();
        Assert.Equal([0.025, 0.008], durations.Select(m => m.Value));
        Assert.False(durations[0].Tags.ContainsKey(TelemetryTags.ErrorType));
        Assert.Equal("lease_lost", durations[1].Tags[TelemetryTags.ErrorType]);
        var failure = Assert.Single(failures.GetMeasurementSnapshot());
        Assert.Equal("lease_lost", failure.Tags[TelemetryTags.ErrorType]);
    }

    private static int ValueFor(Microsoft.Extensions.Diagnostics.Metrics.Testing.MetricCollector<int> collector, string workerId) =>
        collector.GetMeasurementSnapshot().Last(m => Equals(m.Tags[TelemetryTags.WorkerId], workerId)).Value;
}
