using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using KinesisFlow.Aws;
using KinesisFlow.Consumer.Tests.Support;
using KinesisFlow.Leases.DynamoDb;
using KinesisFlow.TestKit;
using KinesisFlow.TestKit.Kcl;

namespace KinesisFlow.Consumer.Tests.EndToEnd;

/// <summary>
/// Taking over a stopped KCL 3.5 application's lease table: KinesisFlow resumes where the KCL checkpointed (inside a
/// KPL aggregate: at that record, dead-lettered whole), waits out the KCL worker's lease, and leaves the KCL's
/// leader, migration-state and worker-metrics items exactly as they were.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class KclTakeoverTests(KinesaliteAndDynalite emulators)
{
    private const string ShardId = "shardId-000000000000";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Theory]
    [InlineData(0)] // the KCL finished the aggregate: resume after it
    [InlineData(2)] // the KCL stopped inside it: resume at it
    public async Task KinesisFlow_carries_on_from_a_stopped_kcl_applications_checkpoint(long subSequenceNumber)
    {
        using var temp = new TempDirectory();
        var stream = await emulators.Kinesis.Streams.CreateUniqueAsync(1);
        var processedByKcl = await EndToEndSteps.ProduceAsync(emulators.Kinesis.Endpoint, stream, 100, temp.File("before.ndjson"), Timeout);
        using var kinesis = new KinesisClient(emulators.Kinesis.ClientOptions(), TimeProvider.System);
        var put = await kinesis.PutRecordsAsync(
            new PutRecordsRequest(stream, [new PutRecordsEntry(new byte[] { 0xF3, 0x89, 0x9A, 0xC2, 0x0A, 0x01, 0x6B, 0x12, 0x04 }, "kpl")]),
            CancellationToken.None);
        var aggregate = put.Records.Single().SequenceNumber!;
        var after = await EndToEndSteps.ProduceAsync(emulators.Kinesis.Endpoint, stream, 100, temp.File("after.ndjson"), Timeout);

        using var dynamoDb = LeaseTableClientFactory.Create(new AwsClientOptions
        {
            Region = EmulatorCredentials.Region,
            ServiceUrl = emulators.DynamoDb.Endpoint,
            AccessKeyId = EmulatorCredentials.AccessKeyId,
            SecretAccessKey = EmulatorCredentials.SecretAccessKey,
        });
        var leaseTable = EmulatorFixture.UniqueName("kcl-app");
        var kclItems = await KclTableAsync(dynamoDb, leaseTable, aggregate, subSequenceNumber);

        var environment = new Dictionary<string, string>
        {
            ["KINESISFLOW__Sinks__DeadLetter__Path"] = temp.File("dead.ndjson"),
            ["KINESISFLOW__Leases__LeaseDuration"] = "00:00:03", // the KCL worker's lease expires that long after it is first seen
        };
        await using var worker = KinesisFlowProcess.Start(
            environment, WorkerArguments.Run(emulators.Kinesis.Endpoint, emulators.DynamoDb.Endpoint, stream, leaseTable, "worker", temp.File("events.ndjson")));
        await EndToEndSteps.WaitForAllAsync(after, [temp.File("events.ndjson")], Timeout, worker);
        var last = after.Max(e => BigInteger.Parse(e.SequenceNumber, CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture);
        await Eventually.WaitUntilAsync(
            async _ => await CheckpointAsync(dynamoDb, leaseTable) == last || worker.HasExited,
            Timeout,
            $"the lease checkpointed at {last}; log:\n{worker.Log}");
        await worker.StopAsync(Timeout);
        Assert.True(worker.ExitCode == 0, worker.Log);

        var delivered = DeliveredEvents.Read(temp.File("events.ndjson"));
        Assert.Equal(after.Select(e => e.EventId).Order(), delivered.Select(e => e.EventId).Order());
        Assert.DoesNotContain(delivered, e => processedByKcl.Any(p => p.EventId == e.EventId));
        var deadLetters = File.Exists(temp.File("dead.ndjson"))
            ? File.ReadAllLines(temp.File("dead.ndjson")).Select(line => JsonDocument.Parse(line).RootElement).ToList()
            : [];
        if (subSequenceNumber > 0)
        {
            var letter = Assert.Single(deadLetters);
            Assert.Equal("kpl_aggregated", letter.GetProperty("reason").GetString());
            Assert.Equal(aggregate, letter.GetProperty("sequence_number").GetString());
        }
        else
        {
            Assert.Empty(deadLetters);
        }

        // No lease created beside the KCL's, and its other items exactly as it wrote them.
        var table = await ScanAsync(dynamoDb, leaseTable);
        Assert.Equal([ShardId], table.Where(item => LeaseItemMapper.IsLease(item.Value)).Select(item => item.Key));
        foreach (var item in kclItems)
        {
            Assert.Equal(ItemText.Of(item), ItemText.Of(table[KclItems.KeyOf(item)]));
        }

        Assert.Equal(("LEASE", "3.25"), (table[ShardId]["entityType"].S, table[ShardId]["throughputKBps"].N));
        Assert.Equal("0", table[ShardId]["checkpointSubSequenceNumber"].N);
    }

    /// <summary>The table a stopped KCL 3.5 application leaves: its lease on the stream's shard, its leader lock released, its state items.</summary>
    private static async Task<List<Dictionary<string, AttributeValue>>> KclTableAsync(AmazonDynamoDBClient dynamoDb, string table, string checkpoint, long subSequenceNumber)
    {
        // The table as the KCL creates it (hash key leaseKey), once active.
        await new DynamoDbLeaseStore(dynamoDb, new DynamoDbLeaseTableOptions { TableName = table, CreateIfMissing = true }).EnsureReadyAsync(CancellationToken.None);
        var lease = KclItems.Kcl2Lease(ShardId, subSequenceNumber, checkpoint);
        lease.Remove("parentShardId");
        lease["endingHashKey"] = new() { S = UInt128.MaxValue.ToString(CultureInfo.InvariantCulture) };
        lease["entityType"] = new() { S = "LEASE" };
        lease["throughputKBps"] = new() { N = "3.25" };
        var leader = KclItems.Leader();
        leader["isReleased"] = new() { BOOL = true };
        List<Dictionary<string, AttributeValue>> others =
            [leader, KclItems.ClientVersionMigration(), KclItems.TableMigration(), KclItems.WorkerMetrics(KclItems.KclWorker, DateTimeOffset.UtcNow.AddHours(-1))];
        foreach (var item in others.Append(lease))
        {
            await dynamoDb.PutItemAsync(new PutItemRequest { TableName = table, Item = item });
        }

        return others;
    }

    private static async Task<string?> CheckpointAsync(AmazonDynamoDBClient dynamoDb, string table) =>
        (await ScanAsync(dynamoDb, table)).TryGetValue(ShardId, out var lease) ? lease["checkpoint"].S : null;

    private static async Task<Dictionary<string, Dictionary<string, AttributeValue>>> ScanAsync(AmazonDynamoDBClient dynamoDb, string table) =>
        (await dynamoDb.ScanAsync(new ScanRequest { TableName = table, ConsistentRead = true })).Items.ToDictionary(item => item["leaseKey"].S, StringComparer.Ordinal);
}
