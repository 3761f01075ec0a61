using KinesisFlow.Consumer.Telemetry;
using KinesisFlow.TestKit.Http;
using Microsoft.Extensions.Time.Testing;

namespace KinesisFlow.Cli.Tests.Hosting;

/// <summary>OTLP export switched on by the standard OTEL_* settings, received by a real collector stand-in on 127.0.0.1.</summary>
[Collection(OpenTelemetrySdkCollection.Name)]
public sealed class OtlpExportTests
{
    [Fact]
    public async Task Metrics_and_sampled_batch_spans_reach_the_OTLP_endpoint_over_http_protobuf()
    {
        await using var collector = await HttpCollector.StartAsync();

        var settings = new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.BaseAddress.ToString(),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["KinesisFlow:Observability:TraceSampleRatio"] = "1",
        };
        using (var host = ObservabilityHost.Build(settings, new FakeTimeProvider()))
        {
            await host.StartAsync();
            var telemetry = (ConsumerInstruments)host.Services.GetService(typeof(ConsumerInstruments))!;
            telemetry.RecordsReceived("flow-logs", "shardId-000000000000", 3, 300);
            using (telemetry.StartBatchDelivery("flow-logs", "shardId-000000000000", "1", "3", 3))
            {
            }

            // Stopping the host disposes the SDK providers, which export what they hold: no waiting on an interval.
            await host.StopAsync();
        }

        Assert.Contains(collector.Requests, r => r.PathAndQuery == "/v1/metrics" && r.Header("Content-Type") == "application/x-protobuf" && r.Body.Length > 0);
        Assert.Contains(collector.Requests, r => r.PathAndQuery == "/v1/traces" && r.Body.Length > 0);
    }
}
