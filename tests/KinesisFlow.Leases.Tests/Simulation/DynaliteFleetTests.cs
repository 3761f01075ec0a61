using Amazon.DynamoDBv2;
using KinesisFlow.Coordination.Leases;
using KinesisFlow.TestKit;
using KinesisFlow.TestKit.Simulation;
using Xunit.Abstractions;

namespace KinesisFlow.Leases.Tests.Simulation;

/// <summary>
/// End to end on dynalite: four real coordinators joining one by one a 64-shard table on the real DynamoDB store, time
/// simulated (each step waits for the real calls to come back), every join balanced within 3 balance intervals.
/// </summary>
[Collection(FleetSimulationCollection.Name)]
public sealed class DynaliteFleetTests(DynaliteFixture dynalite, ITestOutputHelper output) : IDisposable
{
    private readonly AmazonDynamoDBClient _client = DynaliteTables.Client(dynalite);

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task Four_workers_joining_64_shards_one_by_one_are_balanced_within_three_intervals_of_each_join()
    {
        var options = new LeaseOptions();
        var table = await DynaliteTables.NewStoreAsync(_client);
        await using var fleet = await LeaseFleetSimulation.CreateAsync(64, options, TimeSpan.Zero, table: table);
        foreach (var worker in new[] { "worker-a", "worker-b", "worker-c", "worker-d" })
        {
            fleet.Start(worker);
            var took = await fleet.RunUntilAsync(() => fleet.Balanced(out _), 3 * options.EffectiveBalanceInterval);
            fleet.Balanced(out var why);
            output.WriteLine($"{worker} joined: balanced after {took?.ToString() ?? "more than 3 intervals"} ({why})");
            Assert.True(took is not null, $"{worker}: not balanced within 3 balance intervals: {why}");
        }

        output.WriteLine($"Lease table calls: {fleet.Meter.Usage()}");
    }
}
