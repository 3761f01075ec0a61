using KinesisFlow.Consumer.Tests.Support;
using KinesisFlow.TestKit;

namespace KinesisFlow.Consumer.Tests.EndToEnd;

/// <summary>
/// Enhanced fan-out end to end on kinesis-mock: over its cleartext port (h2c, prior knowledge) and through a TLS front
/// (TLS + ALPN h2, the path AWS serves), with backlogs whose first SubscribeToShard event is hundreds of kilobytes to
/// megabytes, as every first start at TRIM_HORIZON and every restart after an outage sees.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class FanOutTests(KinesisMockAndDynalite emulators)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task In_fan_out_mode_every_event_is_delivered_and_the_stream_consumer_is_registered()
    {
        using var temp = new TempDirectory();
        var stream = await emulators.Kinesis.Streams.CreateUniqueAsync(2);
        var produced = await EndToEndSteps.ProduceAsync(emulators.Kinesis.Endpoint, stream, 400, temp.File("manifest.ndjson"), Timeout);

        await using var worker = KinesisFlowProcess.Start(WorkerArguments.Run(
            emulators.Kinesis.Endpoint, emulators.DynamoDb.Endpoint, stream, EmulatorFixture.UniqueName("leases"), "worker", temp.File("events.ndjson"), "--mode", "fanout"));
        await EndToEndSteps.WaitForAllAsync(produced, [temp.File("events.ndjson")], Timeout, worker);
        await worker.StopAsync(Timeout);
        Assert.True(worker.ExitCode == 0, worker.Log);
        Assert.Equal(produced.Count, DeliveredEvents.Read(temp.File("events.ndjson")).Count);

        var summary = await emulators.Kinesis.Api.CallAsync("DescribeStreamSummary", new { StreamName = stream });
        var consumers = await emulators.Kinesis.Api.CallAsync("ListStreamConsumers", new { StreamARN = summary.GetProperty("StreamDescriptionSummary").GetProperty("StreamARN").GetString() });
        Assert.Contains(consumers.GetProperty("Consumers").EnumerateArray(), c => c.GetProperty("ConsumerName").GetString() == "kinesisflow");
        Assert.DoesNotContain("falling back", worker.Log, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The reproduction of issue 11: 25 records of ~85 flow lines each (~6-8 KB gzip'd) wait on one shard, so the
    /// first event is ~210 KB. Over .NET's default 64 KiB stream window kinesis-mock's cleartext server stalled after
    /// 64 KiB and nothing was ever delivered.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task A_backlog_of_25_records_of_85_lines_is_delivered_over_fan_out(bool throughTls) =>
        DrainBacklogOverFanOutAsync(throughTls, lines: 25 * 85, linesPerRecord: 85);

    /// <summary>
    /// Four records of ~680 KB each: kinesis-mock sends the whole 2.7 MB backlog as one ~3.6 MB event, the size of
    /// the largest event AWS sends (a shard's 2 MB/s budget, base64'd into JSON).
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task A_multi_megabyte_first_event_is_delivered_over_fan_out(bool throughTls) =>
        DrainBacklogOverFanOutAsync(throughTls, lines: 4 * 10_000, linesPerRecord: 10_000);

    [Fact]
    public async Task Polling_through_TLS_with_ALPN_h2_delivers_every_event()
    {
        using var temp = new TempDirectory();
        await using var front = await TlsFront.StartAsync(emulators.Kinesis.Endpoint);
        var stream = await emulators.Kinesis.Streams.CreateUniqueAsync(1);
        var produced = await EndToEndSteps.ProduceAsync(emulators.Kinesis.Endpoint, stream, 25 * 85, temp.File("manifest.ndjson"), Timeout, "--events-per-record", "85");

        await using var worker = KinesisFlowProcess.Start(front.Certificate.TrustEnvironment, WorkerArguments.Run(
            front.Endpoint, emulators.DynamoDb.Endpoint, stream, EmulatorFixture.UniqueName("leases"), "worker", temp.File("events.ndjson")));
        await EndToEndSteps.WaitForAllAsync(produced, [temp.File("events.ndjson")], Timeout, worker);
        await worker.StopAsync(Timeout);

        Assert.True(worker.ExitCode == 0, worker.Log);
        Assert.Equal(produced.Select(e => e.EventId).Order(), DeliveredEvents.Read(temp.File("events.ndjson")).Select(e => e.EventId).Order());
    }

    [Fact]
    public async Task A_TLS_endpoint_whose_certificate_is_not_trusted_is_refused()
    {
        using var temp = new TempDirectory();
        await using var front = await TlsFront.StartAsync(emulators.Kinesis.Endpoint);
        var stream = await emulators.Kinesis.Streams.CreateUniqueAsync(1);

        // Without the test's trust anchor the product must refuse the self-signed certificate: nothing skips validation.
        await using var worker = KinesisFlowProcess.Start(WorkerArguments.Run(
            front.Endpoint, emulators.DynamoDb.Endpoint, stream, EmulatorFixture.UniqueName("leases"), "worker", temp.File("events.ndjson")));
        await worker.WaitForExitAsync(Timeout);

        Assert.NotEqual(0, worker.ExitCode);
        Assert.Contains("SSL connection could not be established", worker.Log, StringComparison.Ordinal);
    }

    private async Task DrainBacklogOverFanOutAsync(bool throughTls, int lines, int linesPerRecord)
    {
        using var temp = new TempDirectory();
        await using var front = throughTls ? await TlsFront.StartAsync(emulators.Kinesis.Endpoint) : null;
        var stream = await emulators.Kinesis.Streams.CreateUniqueAsync(1);
        var leaseTable = EmulatorFixture.UniqueName("leases");
        var produced = await EndToEndSteps.ProduceAsync(
            emulators.Kinesis.Endpoint,
            stream,
            lines,
            temp.File("manifest.ndjson"),
            Timeout,
            "--events-per-record", linesPerRecord.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--control-ratio", "0");

        await using var worker = KinesisFlowProcess.Start(
            front?.Certificate.TrustEnvironment ?? new Dictionary<string, string>(),
            WorkerArguments.Run(front?.Endpoint ?? emulators.Kinesis.Endpoint, emulators.DynamoDb.Endpoint, stream, leaseTable, "worker", temp.File("events.ndjson"), "--mode", "fanout"));
        await EndToEndSteps.WaitForAllAsync(produced, [temp.File("events.ndjson")], Timeout, worker);
        await worker.StopAsync(Timeout);

        Assert.True(worker.ExitCode == 0, worker.Log);
        Assert.Equal(produced.Select(e => e.EventId).Order(), DeliveredEvents.Read(temp.File("events.ndjson")).Select(e => e.EventId).Order());
        // Delivered by the subscription itself, not by a fall-back to polling after it stalled.
        Assert.DoesNotContain("falling back", worker.Log, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("sent nothing", worker.Log, StringComparison.Ordinal);
        using var leases = new LeaseTable(emulators.DynamoDb.Endpoint, leaseTable);
        var lease = Assert.Single(await leases.ReadAsync());
        Assert.Equal(produced[^1].SequenceNumber, lease.Value.Checkpoint);
    }
}
