using KinesisFlow.Consumer.Tests.Support;
using KinesisFlow.Emulators;
using KinesisFlow.TestKit;
using KinesisFlow.TestKit.Http;

namespace KinesisFlow.Consumer.Tests.EndToEnd;

/// <summary>Backpressure: a sink that stops answering stops the reading, memory stays bounded, and nothing is lost.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class BlockingSinkTests(KinesaliteAndDynalite emulators)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task A_blocked_sink_pauses_reading_with_bounded_memory_and_everything_arrives_once_it_recovers()
    {
        using var temp = new TempDirectory();
        var stream = await emulators.Kinesis.Streams.CreateUniqueAsync(2);
        const int Records = 1000;
        const int EventsPerRecord = 20; // what WorkerArguments.Produce asks for
        var produced = await EndToEndSteps.ProduceAsync(emulators.Kinesis.Endpoint, stream, Records * EventsPerRecord, temp.File("manifest.ndjson"), Timeout, "--control-ratio", "0");

        await using var intake = await HttpCollector.StartAsync();
        intake.Hold();
        var metricsPort = FreeLoopbackPort.Pick();
        var metrics = new Uri($"http://127.0.0.1:{metricsPort}/metrics");
        var environment = new Dictionary<string, string>
        {
            // Small reads and one batch in flight make the bound visible on a small backlog.
            ["KINESISFLOW__Kinesis__MaxRecordsPerRead"] = "10",
            ["KINESISFLOW__Pipeline__ReadAhead"] = "1",
            ["KINESISFLOW__Pipeline__MaxBatchesInFlight"] = "1",
            ["KINESISFLOW__Sinks__Http__Linger"] = "00:00:00.050",
        };
        var leaseTable = EmulatorFixture.UniqueName("leases");
        using var leases = new LeaseTable(emulators.DynamoDb.Endpoint, leaseTable);
        await using var worker = KinesisFlowProcess.Start(environment, [
            "run", "--stream", stream, "--endpoint-url", emulators.Kinesis.Endpoint.ToString(),
            "--dynamodb-endpoint-url", emulators.DynamoDb.Endpoint.ToString(), "--lease-table", leaseTable,
            "--sink", $"http:{intake.BaseAddress}", "--http-listen", $"127.0.0.1:{metricsPort}"]);

        await Eventually.WaitUntilAsync(async _ => intake.Held > 0 || worker.HasExited, Timeout, $"the sink's first request; log:\n{worker.Log}");
        await Eventually.WaitUntilAsync(async _ => await ReadingPausedAsync(metrics, leases), Timeout, "reading to pause");
        var read = await WorkerMetrics.SumAsync(metrics, "kinesisflow_shard_received_records");
        Assert.True(read <= Records / 2, $"{read} of {Records} records were read while the sink was blocked");
        Assert.True(WorkerMetrics.ResidentBytes(worker.Id) < 400L * 1024 * 1024, "the worker's memory should stay bounded");
        Assert.Empty(intake.Acknowledged);

        intake.Release();
        await EndToEndSteps.WaitForAllAsync(produced, () => intake.Acknowledged.Select(EventId), Timeout, worker);
        await worker.StopAsync(Timeout);
        Assert.True(worker.ExitCode == 0, worker.Log);
    }

    /// <summary>
    /// Reading has paused when the worker made no GetRecords call while it wrote two heartbeats: the heartbeats are the
    /// worker's own clock (a polling reader that is not held back calls every poll interval, even on a drained shard),
    /// so how slow the machine is changes nothing.
    /// </summary>
    private static async Task<bool> ReadingPausedAsync(Uri metrics, LeaseTable leases)
    {
        var calls = await WorkerMetrics.SumAsync(metrics, "kinesisflow_shard_get_records_calls");
        var beats = await leases.HeartbeatsAsync();
        await Eventually.WaitUntilAsync(
            async _ => (await leases.HeartbeatsAsync()) is { Count: > 0 } now && now.All(beat => beat.Value >= beats.GetValueOrDefault(beat.Key) + 2),
            Timeout,
            "two heartbeats of every worker");
        return calls > 0
            && await WorkerMetrics.SumAsync(metrics, "kinesisflow_shard_received_records") > 0
            && await WorkerMetrics.SumAsync(metrics, "kinesisflow_shard_get_records_calls") == calls;
    }

    private static string EventId(string line)
    {
        using var json = System.Text.Json.JsonDocument.Parse(line);
        return json.RootElement.GetProperty("cloudwatch").GetProperty("event_id").GetString()!;
    }
}
