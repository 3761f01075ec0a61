using System.Numerics;
using System.Text.Json;
using KinesisFlow.Aws;
using KinesisFlow.Consumer.Tests.Support;
using KinesisFlow.TestKit;

namespace KinesisFlow.Consumer.Tests.EndToEnd;

/// <summary>Records that are not flow logs at all: dead-lettered with their sequence numbers, never stopping the shard.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class CorruptRecordTests(KinesaliteAndDynalite emulators)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Corrupt_records_are_dead_lettered_with_their_sequence_numbers_and_the_shard_checkpoints_past_them()
    {
        using var temp = new TempDirectory();
        var stream = await emulators.Kinesis.Streams.CreateUniqueAsync(1);
        var leaseTable = EmulatorFixture.UniqueName("leases");
        var produced = await EndToEndSteps.ProduceAsync(emulators.Kinesis.Endpoint, stream, 200, temp.File("before.ndjson"), Timeout);

        using var client = new KinesisClient(emulators.Kinesis.ClientOptions(), TimeProvider.System);
        byte[][] corrupt = ["not gzip at all"u8.ToArray(), [0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02], Gzip("{\"messageType\": 42}"u8)];
        var put = await client.PutRecordsAsync(
            new PutRecordsRequest(stream, [.. corrupt.Select(data => new PutRecordsEntry(data, "corrupt"))]),
            CancellationToken.None);
        var corruptSequences = put.Records.Select(r => r.SequenceNumber!).ToList();
        produced.AddRange(await EndToEndSteps.ProduceAsync(emulators.Kinesis.Endpoint, stream, 200, temp.File("after.ndjson"), Timeout));
        var environment = new Dictionary<string, string> { ["KINESISFLOW__Sinks__DeadLetter__Path"] = temp.File("dead.ndjson") };
        await using var worker = KinesisFlowProcess.Start(environment, WorkerArguments.Run(emulators.Kinesis.Endpoint, emulators.DynamoDb.Endpoint, stream, leaseTable, "worker", temp.File("events.ndjson")));
        await EndToEndSteps.WaitForAllAsync(produced, [temp.File("events.ndjson")], Timeout, worker);
        await worker.StopAsync(Timeout);
        Assert.True(worker.ExitCode == 0, worker.Log);

        var deadLetters = File.ReadAllLines(temp.File("dead.ndjson")).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(corruptSequences.Order(), deadLetters.Select(letter => letter.GetProperty("sequence_number").GetString()!).Order());
        Assert.Contains(deadLetters, letter => letter.GetProperty("reason").GetString() == "not_gzip");
        Assert.Equal(produced.Count, DeliveredEvents.Read(temp.File("events.ndjson")).Count);

        using var leases = new LeaseTable(emulators.DynamoDb.Endpoint, leaseTable);
        var last = produced.Max(e => BigInteger.Parse(e.SequenceNumber, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(last.ToString(System.Globalization.CultureInfo.InvariantCulture), (await leases.ReadAsync()).Values.Single().Checkpoint);
    }

    private static byte[] Gzip(ReadOnlySpan<byte> json)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.Fastest))
        {
            gzip.Write(json);
        }

        return buffer.ToArray();
    }
}
