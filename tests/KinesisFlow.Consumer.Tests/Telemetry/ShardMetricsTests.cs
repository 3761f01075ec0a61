using KinesisFlow.Consumer.Telemetry;
using KinesisFlow.Coordination.Telemetry;
using KinesisFlow.TestKit;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace KinesisFlow.Consumer.Tests.Telemetry;

public sealed class ShardMetricsTests : IDisposable
{
    private const string Stream = "flow-logs";
    private const string Shard = "shardId-000000000001";
    private readonly TelemetryHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public void Records_and_bytes_received_are_counted_per_stream_and_shard()
    {
        var records = _harness.Collect<long>("kinesisflow.shard.received.records");
        var bytes = _harness.Collect<long>("kinesisflow.shard.received.bytes");

        _harness.Consumer.RecordsReceived(Stream, Shard, 10, 4096);
        _harness.Consumer.RecordsReceived(Stream, Shard, 5, 1024);
        _harness.Consumer.RecordsReceived(Stream, "shardId-000000000002", 7, 100);

        Assert.Equal(15, Sum(records, Shard));
        Assert.Equal(5120, Sum(bytes, Shard));
        Assert.Equal(7, Sum(records, "shardId-000000000002"));
        Assert.All(records.GetMeasurementSnapshot(), m => Assert.Equal(Stream, m.Tags[TelemetryTags.StreamName]));
    }

    [Fact]
    public void A_shard_that_falls_behind_shows_growing_lag_in_seconds()
    {
        var lag = _harness.Collect<double>("kinesisflow.shard.behind_latest");
        long[] reported = [0, 1_500, 60_000, 3_600_000];
        var observed = new List<double>();
        foreach (var millis in reported)
        {
            _harness.Consumer.MillisBehindLatest(Stream, Shard, millis);
            lag.RecordObservableInstruments();
            observed.Add(lag.LastMeasurement!.Value);
        }

        Assert.Equal([0, 1.5, 60, 3600], observed);
        Assert.Equal(Shard, lag.LastMeasurement!.Tags[TelemetryTags.ShardId]);
    }

    [Fact]
    public void A_stuck_sink_makes_the_shard_lag_grow_at_every_observation_while_behind_latest_stays_at_zero()
    {
        var behind = _harness.Collect<double>("kinesisflow.shard.behind_latest");
        var oldest = _harness.Collect<double>("kinesisflow.shard.oldest_unacknowledged.age");
        var lag = _harness.Collect<double>("kinesisflow.shard.lag");

        // The last read was caught up and brought a record that arrived 0.5 s ago; then nothing more is read or acknowledged.
        _harness.Consumer.MillisBehindLatest(Stream, Shard, 0);
        _harness.Consumer.OldestUnacknowledgedArrival(Stream, Shard, _harness.Time.GetUtcNow() - TimeSpan.FromMilliseconds(500));
        var observed = new List<(double Behind, double Oldest, double Lag)>();
        for (var second = 0; second < 4; second++)
        {
            behind.RecordObservableInstruments();
            oldest.RecordObservableInstruments();
            lag.RecordObservableInstruments();
            observed.Add((behind.LastMeasurement!.Value, oldest.LastMeasurement!.Value, lag.LastMeasurement!.Value));
            _harness.Time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal([(0, 0.5, 0.5), (0, 1.5, 1.5), (0, 2.5, 2.5), (0, 3.5, 3.5)], observed);
        Assert.Equal(Shard, lag.LastMeasurement!.Tags[TelemetryTags.ShardId]);

        // Everything acknowledged: the lag is MillisBehindLatest again.
        _harness.Consumer.OldestUnacknowledgedArrival(Stream, Shard, null);
        _harness.Consumer.MillisBehindLatest(Stream, Shard, 1_200);
        oldest.RecordObservableInstruments();
        lag.RecordObservableInstruments();
        Assert.Equal((0, 1.2), (oldest.LastMeasurement!.Value, lag.LastMeasurement!.Value));
    }

    [Fact]
    public void A_stopped_shard_stops_reporting_its_gauges()
    {
        var lag = _harness.Collect<double>("kinesisflow.shard.behind_latest");
        var shardLag = _harness.Collect<double>("kinesisflow.shard.lag");
        var age = _harness.Collect<double>("kinesisflow.shard.checkpoint.age");
        _harness.Consumer.ShardStarted(Stream, Shard);
        _harness.Consumer.MillisBehindLatest(Stream, Shard, 5_000);
        _harness.Consumer.OldestUnacknowledgedArrival(Stream, Shard, _harness.Time.GetUtcNow());

        _harness.Consumer.ShardStopped(Stream, Shard);
        lag.RecordObservableInstruments();
        shardLag.RecordObservableInstruments();
        age.RecordObservableInstruments();

        Assert.Empty(lag.GetMeasurementSnapshot());
        Assert.Empty(shardLag.GetMeasurementSnapshot());
        Assert.Empty(age.GetMeasurementSnapshot());
    }

    [Fact]
    public void Checkpoint_age_grows_on_the_clock_and_resets_when_a_checkpoint_is_written()
    {
        var age = _harness.Collect<double>("kinesisflow.shard.checkpoint.age");
        _harness.Consumer.ShardStarted(Stream, Shard);

        _harness.Time.Advance(TimeSpan.FromSeconds(42));
        age.RecordObservableInstruments();
        Assert.Equal(42, age.LastMeasurement!.Value);

        _harness.Consumer.CheckpointWritten("worker-a", Stream, Shard, TimeSpan.FromMilliseconds(12));
        _harness.Time.Advance(TimeSpan.FromSeconds(3));
        age.RecordObservableInstruments();
        Assert.Equal(3, age.LastMeasurement!.Value);
    }

    [Fact]
    public void Throttling_and_expired_iterators_are_counted_apart_from_calls()
    {
        var calls = _harness.Collect<long>("kinesisflow.shard.get_records.calls");
        var throttles = _harness.Collect<long>("kinesisflow.shard.get_records.throttles");
        var expired = _harness.Collect<long>("kinesisflow.shard.iterator.expirations");

        for (var i = 0; i < 6; i++)
        {
            _harness.Consumer.GetRecordsCalled(Stream, Shard);
        }

        _harness.Consumer.GetRecordsThrottled(Stream, Shard);
        _harness.Consumer.GetRecordsThrottled(Stream, Shard);
        _harness.Consumer.IteratorExpired(Stream, Shard);

        Assert.Equal(6, Sum(calls, Shard));
        Assert.Equal(2, Sum(throttles, Shard));
        Assert.Equal(1, Sum(expired, Shard));
    }

    [Theory]
    [InlineData(DeadLetterReasons.NotGzip, DeadLetterReasons.NotGzip)]
    [InlineData(DeadLetterReasons.UnparsableLine, DeadLetterReasons.UnparsableLine)]
    [InlineData("10.0.0.1 said no", DeadLetterReasons.Other)]
    public void Dead_lettered_records_carry_a_bounded_reason(string reason, string expected)
    {
        var deadLettered = _harness.Collect<long>("kinesisflow.shard.dead_lettered.records");

        _harness.Consumer.RecordsDeadLettered(Stream, Shard, reason, 3);

        var measurement = Assert.Single(deadLettered.GetMeasurementSnapshot());
        Assert.Equal(3, measurement.Value);
        Assert.Equal(expected, measurement.Tags[TelemetryTags.DeadLetterReason]);
    }

    [Fact]
    public void Parsed_and_filtered_events_are_counted()
    {
        var parsed = _harness.Collect<long>("kinesisflow.shard.parsed.events");
        var filtered = _harness.Collect<long>("kinesisflow.shard.filtered.events");

        _harness.Consumer.EventsParsed(Stream, Shard, 250);
        _harness.Consumer.EventsFiltered(Stream, Shard, 40);

        Assert.Equal(250, Sum(parsed, Shard));
        Assert.Equal(40, Sum(filtered, Shard));
    }

    private static long Sum(MetricCollector<long> collector, string shardId)
    {
        long total = 0;
        foreach (var measurement in collector.GetMeasurementSnapshot())
        {
            if (Equals(measurement.Tags[TelemetryTags.ShardId], shardId))
            {
                total += measurement.Value;
            }
        }

        return total;
    }
}
