using KinesisFlow.Consumer.Telemetry;
using KinesisFlow.Coordination.Telemetry;
using KinesisFlow.TestKit;

namespace KinesisFlow.Consumer.Tests.Telemetry;

/// <summary>The consumer's per-worker instruments: checkpoint writes, and readiness as a gauge.</summary>
public sealed class CheckpointAndReadinessMetricsTests : IDisposable
{
    private readonly TelemetryHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public void Readiness_is_published_as_a_gauge_for_alarms()
    {
        var ready = _harness.Collect<int>("kinesisflow.worker.ready");
        var readiness = _harness.Readiness;
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
    public void Checkpoint_durations_are_recorded_and_failures_counted_by_error_type()
    {
        var duration = _harness.Collect<double>("kinesisflow.worker.checkpoint.duration");
        var failures = _harness.Collect<long>("kinesisflow.worker.checkpoint.failures");

        _harness.Consumer.CheckpointWritten("worker-a", "flow-logs", "shardId-000000000000", TimeSpan.FromMilliseconds(25));
        _harness.Consumer.CheckpointFailed("worker-a", "lease_lost", TimeSpan.FromMilliseconds(8));

        var durations = duration.GetMeasurementSnapshot();
        Assert.Equal([0.025, 0.008], durations.Select(m => m.Value));
        Assert.False(durations[0].Tags.ContainsKey(TelemetryTags.ErrorType));
        Assert.Equal("lease_lost", durations[1].Tags[TelemetryTags.ErrorType]);
        var failure = Assert.Single(failures.GetMeasurementSnapshot());
        Assert.Equal("lease_lost", failure.Tags[TelemetryTags.ErrorType]);
    }
}
