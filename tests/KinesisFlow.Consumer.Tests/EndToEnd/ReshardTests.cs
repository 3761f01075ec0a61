using System.Text.Json;
using KinesisFlow.Consumer.Tests.Support;
using KinesisFlow.TestKit;

namespace KinesisFlow.Consumer.Tests.EndToEnd;

/// <summary>Resharding mid-stream on kinesis-mock, which closes parents and reports ChildShards at their end.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class ReshardTests(KinesisMockAndDynalite emulators)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task After_a_reshard_mid_stream_every_event_is_delivered_and_no_child_event_comes_before_its_parents_last()
    {
        using var temp = new TempDirectory();
        var stream = await emulators.Kinesis.Streams.CreateUniqueAsync(2);
        var leaseTable = EmulatorFixture.UniqueName("leases");
        await using var worker = KinesisFlowProcess.Start(WorkerArguments.Run(emulators.Kinesis.Endpoint, emulators.DynamoDb.Endpoint, stream, leaseTable, "worker", temp.File("events.ndjson")));
        var produced = await EndToEndSteps.ProduceAsync(emulators.Kinesis.Endpoint, stream, 400, temp.File("first.ndjson"), Timeout, "--log-streams", "12");

        await emulators.Kinesis.Api.CallAsync("UpdateShardCount", new { StreamName = stream, TargetShardCount = 4, ScalingType = "UNIFORM_SCALING" });
        await emulators.Kinesis.Streams.WaitUntilActiveAsync(stream);
        produced.AddRange(await EndToEndSteps.ProduceAsync(emulators.Kinesis.Endpoint, stream, 400, temp.File("second.ndjson"), Timeout, "--log-streams", "12"));
        await EndToEndSteps.WaitForAllAsync(produced, [temp.File("events.ndjson")], Timeout, worker);
        await worker.StopAsync(Timeout);

        var parents = await ParentsAsync(stream);
        Assert.Contains(parents, pair => pair.Value.Count > 0);
        var partitionKeyOf = produced.ToDictionary(e => e.EventId, e => e.PartitionKey);
        var delivered = DeliveredEvents.Read(temp.File("events.ndjson"));
        foreach (var key in delivered.GroupBy(e => partitionKeyOf[e.EventId]))
        {
            var order = key.ToList();
            for (var i = 0; i < order.Count; i++)
            {
                foreach (var parent in parents[order[i].ShardId])
                {
                    var lastOfParent = order.FindLastIndex(e => e.ShardId == parent);
                    Assert.True(lastOfParent < i, $"key {key.Key}: {order[i].ShardId} delivered at {i} before its parent {parent}'s last at {lastOfParent}");
                }
            }
        }
    }

    private async Task<Dictionary<string, List<string>>> ParentsAsync(string stream)
    {
        var answer = await emulators.Kinesis.Api.CallAsync("ListShards", new { StreamName = stream });
        var parents = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var shard in answer.GetProperty("Shards").EnumerateArray())
        {
            var list = new List<string>();
            foreach (var name in new[] { "ParentShardId", "AdjacentParentShardId" })
            {
                if (shard.TryGetProperty(name, out var parent) && parent.ValueKind == JsonValueKind.String)
                {
                    list.Add(parent.GetString()!);
                }
            }

            parents[shard.GetProperty("ShardId").GetString()!] = list;
        }

        return parents;
    }
}
