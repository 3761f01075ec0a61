using System.Net;
using System.Text.Json;
using KinesisFlow.Consumer.Tests.EndToEnd;
using KinesisFlow.Consumer.Tests.Support;
using KinesisFlow.Emulators;
using KinesisFlow.TestKit;

namespace KinesisFlow.Consumer.Tests;

/// <summary>
/// A real <c>kinesisflow run</c> on kinesalite + dynalite, watched the way an operator watches it: its /metrics and
/// /health endpoint over HTTP, and <c>kinesisflow status</c> reading the lease table it writes.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class TelemetryEndToEndTests(KinesaliteAndDynalite emulators)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);
    // Generous: a worker busy on a loaded 2-core machine may answer late, which is not what this test checks.
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(60) };

    [Fact]
    public async Task A_running_consumer_reports_throughput_lag_leases_and_readiness_and_status_shows_its_leases()
    {
        using var temp = new TempDirectory();
        var stream = await emulators.Kinesis.Streams.CreateUniqueAsync(2);
        var leaseTable = EmulatorFixture.UniqueName("leases");
        const int Events = 400;
        await using (var produce = await KinesisFlowProcess.RunAsync(Timeout, WorkerArguments.Produce(emulators.Kinesis.Endpoint, stream, Events, temp.File("manifest.ndjson"))))
        {
            Assert.True(produce.ExitCode == 0, produce.Log);
        }

        var port = FreeLoopbackPort.Pick();
        var endpoint = new Uri($"http://127.0.0.1:{port}/");
        await using var worker = KinesisFlowProcess.Start(WorkerArguments.Run(
            emulators.Kinesis.Endpoint, emulators.DynamoDb.Endpoint, stream, leaseTable, "worker-t", temp.File("events.ndjson"),
            "--http-listen", $"127.0.0.1:{port}"));

        var metrics = new Uri(endpoint, "metrics");
        await Eventually.WaitUntilAsync(
            async _ => !worker.HasExited && await SumOrZeroAsync(metrics, "kinesisflow_sink_sent_events_total") >= Events,
            Timeout,
            $"the worker to report {Events} events sent. Its log:\n{worker.Log}");

        Assert.Equal(Events, await WorkerMetrics.SumAsync(metrics, "kinesisflow_shard_parsed_events_total"));
        Assert.True(await WorkerMetrics.SumAsync(metrics, "kinesisflow_shard_received_records_total") > 0);
        Assert.True(await WorkerMetrics.SumAsync(metrics, "kinesisflow_shard_get_records_calls_total") > 0);
        Assert.Equal(2, await WorkerMetrics.SumAsync(metrics, "kinesisflow_worker_leases_owned{"));
        var text = await Http.GetStringAsync(metrics);
        Assert.Contains("kinesisflow_shard_behind_latest_seconds{", text, StringComparison.Ordinal);
        Assert.Contains("worker_id=\"worker-t\"", text, StringComparison.Ordinal);
        Assert.Contains("process_cpu_time", text, StringComparison.Ordinal);

        await Eventually.WaitUntilAsync(
            async ct => (await Http.GetAsync(new Uri(endpoint, "health/ready"), ct)).StatusCode == HttpStatusCode.OK,
            Timeout,
            "the worker to be ready");
        using (var live = await Http.GetAsync(new Uri(endpoint, "health/live")))
        {
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }

        // status, as a second process, sees the same fleet through the lease table.
        var snapshot = await ReadStatusAsync(worker, stream, leaseTable);
        var shards = snapshot.RootElement.GetProperty("shards").EnumerateArray().ToList();
        Assert.Equal(2, shards.Count);
        Assert.All(shards, shard => Assert.Equal("worker-t", shard.GetProperty("owner").GetString()));
        Assert.All(shards, shard => Assert.Equal("open", shard.GetProperty("state").GetString()));
        var workerRow = Assert.Single(snapshot.RootElement.GetProperty("workers").EnumerateArray());
        Assert.Equal(2, workerRow.GetProperty("processing").GetInt32());

        await worker.StopAsync(TimeSpan.FromSeconds(45));
        Assert.True(worker.ExitCode == 0, worker.Log);
    }

    private async Task<JsonDocument> ReadStatusAsync(KinesisFlowProcess worker, string stream, string leaseTable)
    {
        // KinesisFlowProcess keeps stderr only; status's JSON comes from a process of our own reading stdout.
        var start = KinesisFlowExecutable.StartInfo(
        [
            "status", "--stream", stream, "--lease-table", leaseTable, "--json",
            "--endpoint-url", emulators.Kinesis.Endpoint.ToString(), "--dynamodb-endpoint-url", emulators.DynamoDb.Endpoint.ToString(),
        ]).WithEmulatorCredentials();
        using var process = System.Diagnostics.Process.Start(start)!;
        using var deadline = new CancellationTokenSource(Timeout);
        var stdout = await process.StandardOutput.ReadToEndAsync(deadline.Token);
        await process.WaitForExitAsync(deadline.Token);
        Assert.True(process.ExitCode == 0, await process.StandardError.ReadToEndAsync(deadline.Token) + worker.Log);
        return JsonDocument.Parse(stdout);
    }

    private static async Task<double> SumOrZeroAsync(Uri metrics, string name)
    {
        try
        {
            return await WorkerMetrics.SumAsync(metrics, name);
        }
        catch (HttpRequestException)
        {
            return 0; // not listening yet
        }
    }
}
