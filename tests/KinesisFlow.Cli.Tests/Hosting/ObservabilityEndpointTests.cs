using System.Net;
using System.Text.Json;

namespace KinesisFlow.Cli.Tests.Hosting;

/// <summary>The /metrics and /health endpoint of a real host, over real HTTP on 127.0.0.1.</summary>
[Collection(OpenTelemetrySdkCollection.Name)]
public sealed class ObservabilityEndpointTests : IAsyncLifetime
{
    private ObservabilityHost _host = null!;

    public async Task InitializeAsync() => _host = await ObservabilityHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Metrics_serves_the_KinesisFlow_instruments_in_Prometheus_text_with_their_attributes()
    {
        _host.Consumer.RecordsReceived("flow-logs", "shardId-000000000001", 12, 3_000);
        _host.Consumer.MillisBehindLatest("flow-logs", "shardId-000000000001", 2_500);
        _host.Sinks.SinkBatchSent("file", 40, 9_000, TimeSpan.FromMilliseconds(3));

        using var response = await _host.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.MediaType, StringComparison.Ordinal);
        Assert.Contains("kinesisflow_shard_received_records_total{", text, StringComparison.Ordinal);
        Assert.Contains("shard_id=\"shardId-000000000001\"", text, StringComparison.Ordinal);
        Assert.Contains("stream_name=\"flow-logs\"", text, StringComparison.Ordinal);
        Assert.Matches("kinesisflow_shard_behind_latest_seconds\\{[^}]*\\} 2\\.5", text);
        Assert.Contains("kinesisflow_sink_send_duration_seconds_bucket{", text, StringComparison.Ordinal);
        Assert.Contains("# HELP kinesisflow_sink_sent_events_total Events the sink delivered", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_carries_runtime_and_process_metrics()
    {
        using var response = await _host.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Contains("process_cpu_time", text, StringComparison.Ordinal);
        Assert.Contains("dotnet_gc_", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_growing_lag_is_seen_by_successive_scrapes()
    {
        _host.Consumer.MillisBehindLatest("flow-logs", "shardId-000000000002", 1_000);
        var first = await ScrapeAsync();
        _host.Consumer.MillisBehindLatest("flow-logs", "shardId-000000000002", 90_000);
        var second = await ScrapeAsync();

        Assert.Matches("kinesisflow_shard_behind_latest_seconds\\{[^}]*shardId-000000000002[^}]*\\} 1( |\\n)", first);
        Assert.Matches("kinesisflow_shard_behind_latest_seconds\\{[^}]*shardId-000000000002[^}]*\\} 90( |\\n)", second);
    }

    [Fact]
    public async Task Live_answers_200_while_the_host_runs()
    {
        using var response = await _host.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ready_follows_lease_renewals_and_sink_failures()
    {
        using (var starting = await _host.GetAsync("/health/ready"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, starting.StatusCode);
            Assert.Contains("no worker has renewed", await starting.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        _host.Readiness.LeasesRenewed("worker-a");
        using (var ready = await _host.GetAsync("/health/ready"))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        for (var i = 0; i < 5; i++)
        {
            _host.Readiness.SinkFailed("sekoia");
        }

        using (var failing = await _host.GetAsync("/health/ready"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, failing.StatusCode);
            using var json = JsonDocument.Parse(await failing.Content.ReadAsStringAsync());
            var check = json.RootElement.GetProperty("checks").GetProperty("readiness");
            Assert.Equal("Unhealthy", check.GetProperty("status").GetString());
            Assert.Contains("sink sekoia failed 5 batches in a row", check.GetProperty("description").GetString(), StringComparison.Ordinal);
        }

        _host.Readiness.SinkSucceeded("sekoia");
        _host.Time.Advance(TimeSpan.FromSeconds(31));
        using (var stale = await _host.GetAsync("/health/ready"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, stale.StatusCode);
            Assert.Contains("worker worker-a last renewed its leases 31 s ago", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Unknown_paths_are_not_found()
    {
        using var response = await _host.GetAsync("/admin");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task<string> ScrapeAsync()
    {
        using var response = await _host.GetAsync("/metrics");
        return await response.Content.ReadAsStringAsync();
    }
}
