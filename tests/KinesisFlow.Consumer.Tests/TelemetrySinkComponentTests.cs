using System.Buffers;
using System.Text;
using KinesisFlow.Consumer.Telemetry;
using KinesisFlow.Coordination.Telemetry;
using KinesisFlow.Hosting;
using KinesisFlow.Sinks;
using KinesisFlow.TestKit;
using KinesisFlow.TestKit.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace KinesisFlow.Consumer.Tests;

/// <summary>
/// The real HTTP sink, built as the service builds it, against a real intake on 127.0.0.1: what it sends, retries and
/// refuses shows in KinesisFlow's metrics and in readiness.
/// </summary>
public sealed class TelemetrySinkComponentTests
{
    [Fact]
    public async Task A_delivered_batch_is_counted_with_its_events_bytes_and_duration()
    {
        await using var intake = await HttpCollector.StartAsync();
        await using var sinks = Build(intake.BaseAddress, out var services);
        using var sent = Collector(services, "kinesisflow.sink.sent.events");
        using var bytes = Collector(services, "kinesisflow.sink.sent.bytes");

        await SendAsync(Assert.Single(sinks.Sinks), events: 3);

        Assert.Equal(3, sent.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.True(bytes.GetMeasurementSnapshot().Sum(m => m.Value) > 0);
        Assert.All(sent.GetMeasurementSnapshot(), m => Assert.False(string.IsNullOrEmpty(m.Tags[TelemetryTags.SinkName] as string)));
    }

    [Fact]
    public async Task A_sink_failure_is_counted_retries_and_refusals_by_status_code()
    {
        var calls = 0;
        // Three 503s (retried), then a 400 (refused: the events go to the dead-letter file).
        await using var intake = await HttpCollector.StartAsync();
        intake.Respond = _ => new Reply(Interlocked.Increment(ref calls) <= 3 ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status400BadRequest);
        await using var sinks = Build(intake.BaseAddress, out var services);
        using var retries = Collector(services, "kinesisflow.sink.retries");
        using var deadLettered = Collector(services, "kinesisflow.sink.dead_lettered.events");

        await SendAsync(Assert.Single(sinks.Sinks), events: 2);

        Assert.Equal(3, retries.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.All(retries.GetMeasurementSnapshot(), m => Assert.Equal("503", m.Tags[TelemetryTags.ErrorType]));
        var refused = Assert.Single(deadLettered.GetMeasurementSnapshot());
        Assert.Equal(2, refused.Value);
        Assert.Equal("400", refused.Tags[TelemetryTags.ErrorType]);
    }

    [Fact]
    public async Task A_sink_failing_past_the_threshold_makes_the_instance_not_ready_until_it_delivers_again()
    {
        var intakeDown = true;
        await using var intake = await HttpCollector.StartAsync();
        intake.Respond = _ => new Reply(Volatile.Read(ref intakeDown) ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK);
        await using var sinks = Build(intake.BaseAddress, out var services);
        var readiness = services.GetRequiredService<ReadinessState>();
        readiness.LeasesRenewed("worker-a");

        var sending = SendAsync(Assert.Single(sinks.Sinks), events: 1);
        await Eventually.WaitUntilAsync(() => !readiness.Evaluate().IsReady, TimeSpan.FromSeconds(30), "readiness to turn red while the intake fails");
        Assert.Matches("failed ([5-9]|[1-9][0-9]+) batches in a row", readiness.Evaluate().Description); // retries go on meanwhile

        Volatile.Write(ref intakeDown, false);
        await sending;
        Assert.True(readiness.Evaluate().IsReady, readiness.Evaluate().Description);
    }

    private static SinkSet Build(Uri intake, out ServiceProvider services)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["KinesisFlow:Sinks:Specs:0"] = $"http:{intake}",
            ["KinesisFlow:Sinks:Http:Linger"] = "00:00:00.010",
            ["KinesisFlow:Sinks:Http:RetryBaseDelay"] = "00:00:00.010",
            ["KinesisFlow:Sinks:Http:MaxRetryDelay"] = "00:00:00.050",
            ["KinesisFlow:Sinks:DeadLetter:Path"] = Path.Combine(Path.GetTempPath(), $"kinesisflow-telemetry-{Guid.NewGuid():N}.ndjson"),
        }).Build();
        services = new ServiceCollection()
            .AddSingleton<Microsoft.Extensions.Logging.ILoggerFactory>(NullLoggerFactory.Instance)
            .AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>))
            .AddKinesisFlowTelemetry()
            .AddKinesisFlowSinks(configuration)
            .BuildServiceProvider();
        return services.GetRequiredService<SinkSet>();
    }

    private static MetricCollector<long> Collector(ServiceProvider services, string instrument) =>
        new(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), KinesisFlowMeter.Name, instrument);

    private static async Task SendAsync(IEventSink sink, int events)
    {
        using var builder = new EventBatchBuilder("shardId-000000000000");
        builder.BeginRecord("49660000000000000000000000000000000000000000000000000001", "/vpc/flow-logs", EventEncoding.Json);
        for (var i = 0; i < events; i++)
        {
            builder.Write(Encoding.UTF8.GetBytes($"{{\"event\":{i}}}"));
            builder.EndEvent();
        }

        using var batch = builder.Build()!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await sink.SendAsync(batch, timeout.Token);
    }
}
