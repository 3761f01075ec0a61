using System.Diagnostics;
using System.Text.Json;
using KinesisFlow.Consumer.Tests.Support;
using KinesisFlow.Emulators;
using KinesisFlow.TestKit;
using KinesisFlow.TestKit.Http;
using Xunit.Abstractions;

namespace KinesisFlow.Consumer.Tests.EndToEnd;

/// <summary>
/// The lag tells the truth when a sink hangs: backpressure stops reading, so MillisBehindLatest freezes, yet the shard
/// lag (metric and <c>status</c>) keeps growing while a producer writes steadily and events wait.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class StuckSinkLagTests(KinesaliteAndDynalite emulators, ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task A_hanging_http_sink_makes_the_shard_lag_and_status_grow_second_by_second_while_the_producer_writes()
    {
        var stream = await emulators.Kinesis.Streams.CreateUniqueAsync(1);
        var leaseTable = EmulatorFixture.UniqueName("leases");
        await using var intake = await HttpCollector.StartAsync();
        intake.Hold();
        var metricsPort = FreeLoopbackPort.Pick();
        var metrics = new Uri($"http://127.0.0.1:{metricsPort}/metrics");
        var environment = new Dictionary<string, string>
        {
            // Small buffers stop reading soon after the sink hangs (100 records a read still out-reads the producer 10 to 1,
            // so it catches up once the sink answers); a short lease duration makes the owner heartbeat, and with
            // it report its lag (for status), every second instead of every 3.3 s.
            ["KINESISFLOW__Kinesis__MaxRecordsPerRead"] = "100",
            ["KINESISFLOW__Pipeline__ReadAhead"] = "1",
            ["KINESISFLOW__Pipeline__MaxBatchesInFlight"] = "1",
            ["KINESISFLOW__Sinks__Http__Linger"] = "00:00:00.050",
            ["KINESISFLOW__Leases__LeaseDuration"] = "00:00:03",
        };
        await using var worker = KinesisFlowProcess.Start(environment, [
            "run", "--stream", stream, "--endpoint-url", emulators.Kinesis.Endpoint.ToString(),
            "--dynamodb-endpoint-url", emulators.DynamoDb.Endpoint.ToString(), "--lease-table", leaseTable,
            "--sink", $"http:{intake.BaseAddress}", "--http-listen", $"127.0.0.1:{metricsPort}"]);

        // A producer writing 1,000 flow lines per second (50 records of 20 lines) for longer than the test needs.
        await using var producer = KinesisFlowProcess.Start(
            "produce", "--stream", stream, "--endpoint-url", emulators.Kinesis.Endpoint.ToString(),
            "--rate", "1000", "--duration", "00:05:00", "--events-per-record", "20", "--control-ratio", "0");

        await Eventually.WaitUntilAsync(() => intake.Held > 0 || worker.HasExited || producer.HasExited, Timeout, $"the sink's first request; log:\n{worker.Log}");
        Assert.False(worker.HasExited, worker.Log);

        // The metric: five observations, each at least a second above the one before, while the producer keeps writing
        // and the sink has acknowledged nothing.
        var lags = await GrowingObservationsAsync("kinesisflow_shard_lag_seconds", () => WorkerMetrics.SumAsync(metrics, "kinesisflow_shard_lag_seconds"), 1.0, worker, producer);
        var behind = await WorkerMetrics.SumAsync(metrics, "kinesisflow_shard_behind_latest_seconds");
        var oldest = await WorkerMetrics.SumAsync(metrics, "kinesisflow_shard_oldest_unacknowledged_age_seconds");
        output.WriteLine($"behind_latest {behind:0.###} s, oldest_unacknowledged.age {oldest:0.###} s at the end");
        Assert.True(oldest >= lags[^1], $"the oldest unacknowledged age ({oldest} s) drives the lag ({lags[^1]} s)");
        Assert.True(behind < lags[^1], $"behind_latest ({behind} s) froze below the shard lag ({lags[^1]} s): reading stopped");
        Assert.Empty(intake.Acknowledged);
        Assert.False(producer.HasExited, $"the producer stopped writing early:\n{producer.Log}");

        // status: the owner's heartbeat item carries the lag, computed afresh at every heartbeat; three readings each at
        // least a second higher.
        var statusLags = await GrowingObservationsAsync("status ownerShardLagMillis", () => StatusLagMillisAsync(stream, leaseTable), 1000, worker, producer, observations: 3);
        Assert.True(statusLags[^1] >= lags[0] * 1000, $"status shows {statusLags[^1]} ms, the metric showed {lags[0]} s earlier");

        // The sink recovers: everything waiting is acknowledged and the lag falls back below where it was.
        intake.Release();
        var peak = await WorkerMetrics.SumAsync(metrics, "kinesisflow_shard_lag_seconds");
        await Eventually.WaitUntilAsync(
            async _ => await WorkerMetrics.SumAsync(metrics, "kinesisflow_shard_lag_seconds") < peak / 2 || worker.HasExited,
            Timeout,
            $"the lag to fall once the sink answers (peak {peak} s)");
        output.WriteLine($"after the sink recovered: lag {await WorkerMetrics.SumAsync(metrics, "kinesisflow_shard_lag_seconds"):0.###} s, {intake.Acknowledged.Count} events delivered");
        Assert.NotEmpty(intake.Acknowledged);

        await producer.KillAsync();
        await worker.StopAsync(Timeout);
        Assert.True(worker.ExitCode == 0, worker.Log);
    }

    /// <summary>
    /// Waits (by condition, generous timeout) for <paramref name="observations"/> readings, each at least
    /// <paramref name="step"/> above the previous one, and logs them with the time between them.
    /// </summary>
    private async Task<List<double>> GrowingObservationsAsync(
        string what, Func<Task<double>> read, double step, KinesisFlowProcess worker, KinesisFlowProcess producer, int observations = 5)
    {
        var seen = new List<double> { await read() };
        var clock = Stopwatch.StartNew();
        output.WriteLine($"{what}: {seen[0]:0.###} at 0 s");
        while (seen.Count < observations)
        {
            double next = 0;
            await Eventually.WaitUntilAsync(
                async _ =>
                {
                    next = await read();
                    return next >= seen[^1] + step || worker.HasExited || producer.HasExited;
                },
                Timeout,
                $"{what} to grow past {seen[^1] + step} (seen {string.Join(", ", seen)}); log:\n{worker.Log}");
            Assert.False(worker.HasExited, worker.Log);
            Assert.False(producer.HasExited, producer.Log);
            seen.Add(next);
            output.WriteLine($"{what}: {next:0.###} at {clock.Elapsed.TotalSeconds:0.0} s");
        }

        return seen;
    }

    /// <summary>The shard lag <c>kinesisflow status --json</c> shows for the stream's only shard (0 before the owner wrote one).</summary>
    private async Task<double> StatusLagMillisAsync(string stream, string leaseTable)
    {
        var start = KinesisFlowExecutable.StartInfo([
            "status", "--stream", stream, "--lease-table", leaseTable, "--json",
            "--endpoint-url", emulators.Kinesis.Endpoint.ToString(), "--dynamodb-endpoint-url", emulators.DynamoDb.Endpoint.ToString()]).WithEmulatorCredentials();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using (var deadline = new CancellationTokenSource(Timeout))
        {
            await process.WaitForExitAsync(deadline.Token);
        }

        Assert.True(process.ExitCode == 0, await stderr);
        using var json = JsonDocument.Parse(await stdout);
        var shard = Assert.Single(json.RootElement.GetProperty("shards").EnumerateArray());
        return shard.GetProperty("ownerShardLagMillis") is { ValueKind: JsonValueKind.Number } lag ? lag.GetDouble() : 0;
    }
}
