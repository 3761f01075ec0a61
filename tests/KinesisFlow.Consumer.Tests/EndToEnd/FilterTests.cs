using System.Globalization;
using System.Numerics;
using System.Text.Json;
using KinesisFlow.Aws;
using KinesisFlow.Consumer.Tests.Support;
using KinesisFlow.FlowLogs.Generation;
using KinesisFlow.TestKit;

namespace KinesisFlow.Consumer.Tests.EndToEnd;

/// <summary>
/// <c>KinesisFlow:Filters</c> applied by <c>kinesisflow run</c>: NODATA/SKIPDATA events reach the sinks by default,
/// are dropped when <c>DropNoData</c> is on, and a record whose events are all dropped is still checkpointed past.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class FilterTests(KinesaliteAndDynalite emulators)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);
    private static readonly string[] NoDataIds = ["nodata-0", "nodata-1", "nodata-2"];

    [Fact]
    public async Task NoData_events_are_kept_by_default_and_dropped_when_enabled_and_the_shard_checkpoints_past_them()
    {
        using var temp = new TempDirectory();
        var stream = await emulators.Kinesis.Streams.CreateUniqueAsync(1);
        var produced = await EndToEndSteps.ProduceAsync(emulators.Kinesis.Endpoint, stream, 200, temp.File("manifest.ndjson"), Timeout);
        // The last record of the shard holds only NODATA events: with the filter on, nothing of it reaches a sink.
        var lastSequence = await PutNoDataRecordAsync(stream);
        Assert.True(
            BigInteger.Parse(lastSequence, CultureInfo.InvariantCulture) > produced.Max(e => BigInteger.Parse(e.SequenceNumber, CultureInfo.InvariantCulture)),
            "the all-NODATA record should be the last of the shard");
        var allIds = produced.Select(e => e.EventId).Concat(NoDataIds).ToHashSet();

        var kept = await RunUntilCheckpointedAsync(stream, temp.File("default.ndjson"), lastSequence, new Dictionary<string, string>(), allIds);
        Assert.Equal(allIds.Order(StringComparer.Ordinal), kept.Keys.Order(StringComparer.Ordinal));
        Assert.All(NoDataIds, id => Assert.Equal("NODATA", kept[id]));

        var passing = kept.Where(e => e.Value is not ("NODATA" or "SKIPDATA")).Select(e => e.Key).ToHashSet();
        var filtered = await RunUntilCheckpointedAsync(
            stream, temp.File("filtered.ndjson"), lastSequence, new Dictionary<string, string> { ["KINESISFLOW__Filters__DropNoData"] = "true" }, passing);
        Assert.Equal(passing.Order(StringComparer.Ordinal), filtered.Keys.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(filtered.Values, status => status is "NODATA" or "SKIPDATA");
    }

    /// <summary>
    /// Runs a worker with its own lease table until the sink holds <paramref name="expected"/> and the shard's
    /// checkpoint reached <paramref name="lastSequence"/>, stops it gracefully, and returns event id → log_status of
    /// every delivered event.
    /// </summary>
    private async Task<Dictionary<string, string>> RunUntilCheckpointedAsync(
        string stream, string sink, string lastSequence, Dictionary<string, string> environment, HashSet<string> expected)
    {
        var leaseTable = EmulatorFixture.UniqueName("leases");
        using var leases = new LeaseTable(emulators.DynamoDb.Endpoint, leaseTable);
        await using var worker = KinesisFlowProcess.Start(
            environment, WorkerArguments.Run(emulators.Kinesis.Endpoint, emulators.DynamoDb.Endpoint, stream, leaseTable, "worker", sink));
        await Eventually.WaitUntilAsync(
            async _ => worker.HasExited
                || (expected.IsSubsetOf(Delivered(sink).Keys) && (await leases.ReadAsync()).Values.Any(l => l.Checkpoint == lastSequence)),
            Timeout,
            $"{expected.Count} events delivered and the checkpoint at {lastSequence}; log:\n{worker.Log}");
        await worker.StopAsync(Timeout);
        Assert.True(worker.ExitCode == 0, worker.Log);
        Assert.Equal(lastSequence, (await leases.ReadAsync()).Values.Single().Checkpoint);
        return Delivered(sink);
    }

    private async Task<string> PutNoDataRecordAsync(string stream)
    {
        // The default (version 2) format: a NODATA line has no addresses, ports, counters or action.
        var events = NoDataIds.Select((id, i) => new CloudWatchLogEvent(
            id, 1_700_000_000_000 + i, $"2 123456789010 eni-0a1b2c3d4e5f6789{i} - - - - - - - 1700000000 1700000060 - NODATA"));
        var data = CloudWatchLogsEnvelope.Gzip(CloudWatchLogsEnvelope.DataMessageJson("123456789010", "/vpc/filters", "eni-idle", events));
        using var client = new KinesisClient(emulators.Kinesis.ClientOptions(), TimeProvider.System);
        var put = await client.PutRecordsAsync(new PutRecordsRequest(stream, [new PutRecordsEntry(data, "nodata")]), CancellationToken.None);
        Assert.True(put.Records.Single().Succeeded);
        return put.Records.Single().SequenceNumber!;
    }

    /// <summary>Event id → log_status of every event the file sink wrote (the json output format).</summary>
    private static Dictionary<string, string> Delivered(string sink)
    {
        var statuses = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(sink))
        {
            return statuses;
        }

        using var stream = new FileStream(sink, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd();
        foreach (var line in text[..(text.LastIndexOf('\n') + 1)].Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            statuses[root.GetProperty("cloudwatch").GetProperty("event_id").GetString()!] =
                root.TryGetProperty("log_status", out var status) ? status.GetString()! : "";
        }

        return statuses;
    }
}
