using System.Collections.Concurrent;
using KinesisFlow.Consumer.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace KinesisFlow.Cli.Tests.Hosting;

/// <summary>OTLP export switched on by the standard OTEL_* settings, received by a real collector stand-in on 127.0.0.1.</summary>
[Collection(OpenTelemetrySdkCollection.Name)]
public sealed class OtlpExportTests
{
    [Fact]
    public async Task Metrics_and_sampled_batch_spans_reach_the_OTLP_endpoint_over_http_protobuf()
    {
        var received = new ConcurrentQueue<(string Path, string ContentType, long Length)>();
        var collector = WebApplication.CreateSlimBuilder();
        collector.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = collector.Build();
        app.MapPost("/{**path}", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            received.Enqueue((context.Request.Path, context.Request.ContentType ?? "", body.Length));
            return Results.Ok();
        });
        await app.StartAsync();

        var settings = new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = app.Urls.First(),
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

        Assert.Contains(received, r => r.Path == "/v1/metrics" && r.ContentType == "application/x-protobuf" && r.Length > 0);
        Assert.Contains(received, r => r.Path == "/v1/traces" && r.Length > 0);
    }
}
