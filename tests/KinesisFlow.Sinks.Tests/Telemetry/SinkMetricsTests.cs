using KinesisFlow.Coordination.Telemetry;
using KinesisFlow.TestKit;
namespace KinesisFlow.Sinks.Tests.Telemetry;

public sealed class SinkMetricsTests : IDisposable
{
    private readonly TelemetryHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public void A_delivered_batch_counts_events_bytes_and_one_batch_and_records_its_duration()
    {
        var events = _harness.Collect<long>("kinesisflow.sink.sent.events");
        var bytes = _harness.Collect<long>("kinesisflow.sink.sent.bytes");
        var batches = _harness.Collect<long>("kinesisflow.sink.batches");
        var duration = _harness.Collect<double>("kinesisflow.sink.send.duration");

        _harness.Sinks.SinkBatchSent("sekoia", 500, 180_000, TimeSpan.FromMilliseconds(350));

        Assert.Equal(500, events.LastMeasurement!.Value);
        Assert.Equal(180_000, bytes.LastMeasurement!.Value);
        Assert.Equal(1, batches.LastMeasurement!.Value);
        Assert.Equal(0.35, duration.LastMeasurement!.Value);
        Assert.Equal("sekoia", duration.LastMeasurement.Tags[TelemetryTags.SinkName]);
    }

    [Fact]
    public void A_sink_failure_is_counted_with_its_error_type_and_retries_apart()
    {
        var failures = _harness.Collect<long>("kinesisflow.sink.failures");
        var retries = _harness.Collect<long>("kinesisflow.sink.retries");
        var batches = _harness.Collect<long>("kinesisflow.sink.batches");
        var deadLettered = _harness.Collect<long>("kinesisflow.sink.dead_lettered.events");

        _harness.Sinks.SinkRetried("http", "503");
        _harness.Sinks.SinkRetried("http", "503");
        _harness.Sinks.SinkBatchFailed("http", "503", TimeSpan.FromSeconds(4));
        _harness.Sinks.SinkEventsDeadLettered("http", "503", 120);

        var failure = Assert.Single(failures.GetMeasurementSnapshot());
        Assert.Equal(1, failure.Value);
        Assert.Equal("http", failure.Tags[TelemetryTags.SinkName]);
        Assert.Equal("503", failure.Tags[TelemetryTags.ErrorType]);
        Assert.Equal(2, retries.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.Empty(batches.GetMeasurementSnapshot());
        Assert.Equal(120, deadLettered.LastMeasurement!.Value);
    }

    [Fact]
    public void In_flight_batches_rise_while_held_and_fall_when_released()
    {
        var inFlight = _harness.Collect<long>("kinesisflow.sink.in_flight");

        var first = _harness.Sinks.SinkBatchInFlight("file");
        using (_harness.Sinks.SinkBatchInFlight("file"))
        {
            Assert.Equal(2, inFlight.GetMeasurementSnapshot().Sum(m => m.Value));
        }

        Assert.Equal(1, inFlight.GetMeasurementSnapshot().Sum(m => m.Value));
        first.Dispose();
        Assert.Equal(0, inFlight.GetMeasurementSnapshot().Sum(m => m.Value));
    }

    [Fact]
    public void Event_lag_is_now_minus_the_flow_record_end_and_never_negative()
    {
        var lag = _harness.Collect<double>("kinesisflow.sink.event.lag");
        var now = _harness.Time.GetUtcNow().ToUnixTimeSeconds();

        _harness.Sinks.EventLag("sekoia", now - 600);
        _harness.Sinks.EventLag("sekoia", now + 30); // the host's clock is behind AWS's

        Assert.Equal([600, 0], lag.GetMeasurementSnapshot().Select(m => m.Value));
    }
}
