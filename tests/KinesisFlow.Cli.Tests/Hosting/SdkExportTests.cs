using KinesisFlow.Coordination.Telemetry;
using KinesisFlow.TestKit;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace KinesisFlow.Cli.Tests.Hosting;

/// <summary>What an OpenTelemetry exporter receives from the meter: names, units, kinds and values, through the SDK.</summary>
[Collection(OpenTelemetrySdkCollection.Name)]
public sealed class SdkExportTests : IDisposable
{
    // The SDK listens to every meter named KinesisFlow in the process, other tests' included: names of our own only.
    private const string Stream = "sdk-export-stream";
    private const string Sink = "sdk-export-sink";
    private readonly TelemetryHarness _harness = new();
    private readonly List<Metric> _exported = [];
    private readonly MeterProvider _provider;

    public SdkExportTests() =>
        _provider = Sdk.CreateMeterProviderBuilder().AddMeter(KinesisFlowMeter.Name).AddInMemoryExporter(_exported).Build();

    public void Dispose()
    {
        _provider.Dispose();
        _harness.Dispose();
    }

    [Fact]
    public void A_shard_falling_behind_exports_a_growing_gauge_in_seconds()
    {
        var seen = new List<double>();
        foreach (var millis in new long[] { 500, 30_000, 600_000 })
        {
            _harness.Consumer.MillisBehindLatest(Stream, "shardId-000000000007", millis);
            _exported.Clear();
            _provider.ForceFlush();
            var metric = Assert.Single(_exported, m => m.Name == "kinesisflow.shard.behind_latest");
            Assert.Equal("s", metric.Unit);
            Assert.Equal(MetricType.DoubleGauge, metric.MetricType);
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                if (Has(point, TelemetryTags.StreamName, Stream))
                {
                    seen.Add(point.GetGaugeLastValueDouble());
                }
            }
        }

        Assert.Equal([0.5, 30, 600], seen);
    }

    [Fact]
    public void Throttles_export_as_a_monotonic_sum_per_shard()
    {
        _harness.Consumer.GetRecordsThrottled(Stream, "shardId-000000000001");
        _harness.Consumer.GetRecordsThrottled(Stream, "shardId-000000000001");
        _harness.Consumer.GetRecordsThrottled(Stream, "shardId-000000000002");

        _provider.ForceFlush();

        var metric = Assert.Single(_exported, m => m.Name == "kinesisflow.shard.get_records.throttles");
        Assert.Equal(MetricType.LongSum, metric.MetricType);
        var perShard = new Dictionary<string, long>();
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            if (!Has(point, TelemetryTags.StreamName, Stream))
            {
                continue;
            }

            foreach (var tag in point.Tags)
            {
                if (tag.Key == TelemetryTags.ShardId)
                {
                    perShard[(string)tag.Value!] = point.GetSumLong();
                }
            }
        }

        Assert.Equal(new Dictionary<string, long> { ["shardId-000000000001"] = 2, ["shardId-000000000002"] = 1 }, perShard);
    }

    [Fact]
    public void Send_durations_export_as_a_histogram_with_the_advised_buckets()
    {
        _harness.Sinks.SinkBatchSent(Sink, 10, 1_000, TimeSpan.FromMilliseconds(80));

        _provider.ForceFlush();

        var metric = Assert.Single(_exported, m => m.Name == "kinesisflow.sink.send.duration");
        Assert.Equal(MetricType.Histogram, metric.MetricType);
        var points = 0;
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            if (!Has(point, TelemetryTags.SinkName, Sink))
            {
                continue;
            }

            points++;
            var bounds = new List<double>();
            foreach (var bucket in point.GetHistogramBuckets())
            {
                bounds.Add(bucket.ExplicitBound);
            }

            Assert.Equal([0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, double.PositiveInfinity], bounds);
            Assert.Equal(1, point.GetHistogramCount());
        }

        Assert.Equal(1, points);
    }

    private static bool Has(in MetricPoint point, string key, string value)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == key && Equals(tag.Value, value))
            {
                return true;
            }
        }

        return false;
    }
}
