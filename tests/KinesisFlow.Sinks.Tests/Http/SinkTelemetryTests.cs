using System.Diagnostics.Metrics;
using KinesisFlow.Consumer.Telemetry;
using KinesisFlow.Coordination.Telemetry;
using KinesisFlow.TestKit.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace KinesisFlow.Sinks.Tests.Http;

/// <summary>The sinks report through the real telemetry class and readiness state, measured with MetricCollector.</summary>
public sealed class SinkTelemetryTests : IAsyncLifetime
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private HttpSinkHarness _harness = null!;
    private SinkInstruments _telemetry = null!;
    private ReadinessState _readiness = null!;

    public async Task InitializeAsync()
    {
        _harness = await HttpSinkHarness.StartAsync();
        _telemetry = new SinkInstruments(_services.GetRequiredService<IMeterFactory>(), _harness.Time);
        _readiness = new ReadinessState(_harness.Time, new ReadinessOptions { SinkFailureThreshold = 3, RenewalStaleAfter = TimeSpan.FromDays(1) });
        _readiness.LeasesRenewed("worker-1");
    }

    public async Task DisposeAsync()
    {
        await _harness.DisposeAsync();
        await _services.DisposeAsync();
    }

    [Fact]
    public async Task Deliveries_retries_and_refusals_are_counted_per_sink_and_a_failing_sink_turns_readiness_off()
    {
        using var sent = Collect("kinesisflow.sink.sent.events");
        using var retries = Collect("kinesisflow.sink.retries");
        using var deadLettered = Collect("kinesisflow.sink.dead_lettered.events");
        var telemetry = new SinkTelemetry(_telemetry, _readiness);
        // The harness disposes the inner sink; the wrapper owns nothing else.
        var sink = new InstrumentedSink(_harness.Sekoia(telemetry: telemetry), telemetry, _harness.Time);

        var failures = 0;
        _harness.Server.Respond = request => request.Text.Contains("refuse", StringComparison.Ordinal)
            ? new Reply(400, "no")
            : Interlocked.Increment(ref failures) <= 3 ? new Reply(503) : null;
        using var batch = TestBatches.Json("s", "1", "{\"id\":1}", "{\"id\":2}");

        var send = sink.SendAsync(batch, CancellationToken.None).AsTask();
        await _harness.AdvanceUntilAsync(() => _readiness.Evaluate().Description.Contains("failed 3 batches", StringComparison.Ordinal), TimeSpan.FromMilliseconds(500), TimeSpan.FromMinutes(1), "readiness to turn off after three failed attempts");
        await _harness.AdvanceUntilAsync(() => send.IsCompleted, TimeSpan.FromMilliseconds(500), TimeSpan.FromMinutes(1), "delivery");
        await send;
        Assert.True(_readiness.Evaluate().IsReady, _readiness.Evaluate().Description);

        using var refused = TestBatches.Json("s", "2", "{\"refuse\":true}");
        await sink.SendAsync(refused, CancellationToken.None);

        Assert.Equal(3, Sum(sent));
        Assert.Equal(3, Sum(retries));
        Assert.Equal(1, Sum(deadLettered));
        Assert.All(sent.GetMeasurementSnapshot(), measurement => Assert.Equal(sink.Name, measurement.Tags[TelemetryTags.SinkName]));
        Assert.Contains(retries.GetMeasurementSnapshot(), measurement => Equals(measurement.Tags[TelemetryTags.ErrorType], "503"));
    }

    private MetricCollector<long> Collect(string instrument) =>
        new(_services.GetRequiredService<IMeterFactory>(), KinesisFlowMeter.Name, instrument);

    private static long Sum(MetricCollector<long> collector) => collector.GetMeasurementSnapshot().Sum(measurement => measurement.Value);
}
