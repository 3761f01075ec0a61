using KinesisFlow.Consumer.Tests.Support;
using KinesisFlow.TestKit;

namespace KinesisFlow.Consumer.Tests.EndToEnd;

/// <summary>Enhanced fan-out end to end on kinesis-mock (SubscribeToShard over h2c).</summary>
[Collection(EndToEndCollection.Name)]
public sealed class FanOutTests(KinesisMockAndDynalite emulators)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task In_fan_out_mode_every_event_is_delivered_and_the_stream_consumer_is_registered()
    {
        using var temp = new TempDirectory();
        var stream = await emulators.Kinesis.Streams.CreateUniqueAsync(2);
        var leaseTable = EmulatorFixture.UniqueName("leases");
        var produced = await EndToEndSteps.ProduceAsync(emulators.Kinesis.Endpoint, stream, 400, temp.File("manifest.ndjson"), Timeout);

        await using var worker = KinesisFlowProcess.Start(WorkerArguments.Run(
            emulators.Kinesis.Endpoint, emulators.DynamoDb.Endpoint, stream, leaseTable, "worker", temp.File("events.ndjson"), "--mode", "fanout"));
        await EndToEndSteps.WaitForAllAsync(produced, [temp.File("events.ndjson")], Timeout, worker);
        await worker.StopAsync(Timeout);
        Assert.True(worker.ExitCode == 0, worker.Log);
        Assert.Equal(produced.Count, DeliveredEvents.Read(temp.File("events.ndjson")).Count);

        var summary = await emulators.Kinesis.Api.CallAsync("DescribeStreamSummary", new { StreamName = stream });
        var consumers = await emulators.Kinesis.Api.CallAsync("ListStreamConsumers", new { StreamARN = summary.GetProperty("StreamDescriptionSummary").GetProperty("StreamARN").GetString() });
        Assert.Contains(consumers.GetProperty("Consumers").EnumerateArray(), c => c.GetProperty("ConsumerName").GetString() == "kinesisflow");
        Assert.DoesNotContain("falling back", worker.Log, StringComparison.OrdinalIgnoreCase);
    }
}
