using System.Numerics;
using KinesisFlow.Consumer.Tests.Support;
using KinesisFlow.TestKit;

namespace KinesisFlow.Consumer.Tests.EndToEnd;

/// <summary>Two worker processes share a multi-shard stream on kinesalite, with their leases in dynalite.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class TwoWorkerTests(KinesaliteAndDynalite emulators)
{
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task Two_workers_deliver_every_event_once_and_checkpoint_the_last_sequence_number_of_each_shard()
    {
        using var temp = new TempDirectory();
        const int Events = 2000;
        // The fleet shares the shards before producing (no handoff pending), so this test sees no failover and no duplicate.
        await using var fleet = await StartBalancedFleetAsync(temp);
        var (stream, sinks, a, b, leases) = fleet;

        var produced = await EndToEndSteps.ProduceAsync(emulators.Kinesis.Endpoint, stream, Events, temp.File("manifest.ndjson"), DeliveryTimeout, "--control-ratio", "0");
        Assert.Equal(Events, produced.Count);
        Assert.True(produced.Select(e => e.ShardId).Distinct().Count() > 1, "the events should span several shards");
        await EndToEndSteps.WaitForAllAsync(produced, sinks, DeliveryTimeout, a, b);
        await a.StopAsync(StopTimeout);
        await b.StopAsync(StopTimeout);
        Assert.True(a.ExitCode == 0, a.Log);
        Assert.True(b.ExitCode == 0, b.Log);

        await AssertDeliveredOnceAndCheckpointedAsync(sinks, leases, produced, a, b);
    }

    [Fact]
    public async Task A_worker_joining_mid_stream_gets_shards_by_graceful_handoff_and_no_event_is_delivered_twice()
    {
        using var temp = new TempDirectory();
        var stream = await emulators.Kinesis.Streams.CreateUniqueAsync(4);
        var leaseTable = EmulatorFixture.UniqueName("leases");
        const int Events = 6000;
        string[] sinks = [temp.File("a.ndjson"), temp.File("b.ndjson")];
        using var leases = new LeaseTable(emulators.DynamoDb.Endpoint, leaseTable);
        await using var a = StartWorker(stream, leaseTable, "worker-a", sinks[0]);
        await Eventually.WaitUntilAsync(
            async _ => (await OwnersAsync(leases)).Count(owner => owner == "worker-a") == 4 || a.HasExited,
            DeliveryTimeout,
            $"worker-a owning every shard\nA:\n{a.Log}");

        // b joins while a is reading and checkpointing: the handoff requests race a's periodic checkpoints.
        await using var produce = KinesisFlowProcess.Start(WorkerArguments.Produce(emulators.Kinesis.Endpoint, stream, Events, temp.File("manifest.ndjson"), "--rate", "300", "--control-ratio", "0"));
        await Eventually.WaitUntilAsync(() => DeliveredEvents.Read(sinks[0]).Count > 200, DeliveryTimeout, $"worker-a delivering\nA:\n{a.Log}");
        await using var b = StartWorker(stream, leaseTable, "worker-b", sinks[1]);

        await produce.WaitForExitAsync(DeliveryTimeout);
        Assert.True(produce.ExitCode == 0, produce.Log);
        var produced = DeliveredEvents.ReadManifest(temp.File("manifest.ndjson"));
        Assert.Equal(Events, produced.Count);
        await Eventually.WaitUntilAsync(
            async _ => await BalancedAsync(leases) || a.HasExited || b.HasExited,
            DeliveryTimeout,
            $"both workers owning two shards each\nA:\n{a.Log}\nB:\n{b.Log}");
        await EndToEndSteps.WaitForAllAsync(produced, sinks, DeliveryTimeout, a, b);
        await a.StopAsync(StopTimeout);
        await b.StopAsync(StopTimeout);
        Assert.True(a.ExitCode == 0, a.Log);
        Assert.True(b.ExitCode == 0, b.Log);

        // Each handed-over shard resumed exactly where its old owner checkpointed before letting go.
        Assert.True(DeliveredEvents.Read(sinks[1]).Count > 0, $"worker-b delivered nothing\nA:\n{a.Log}\nB:\n{b.Log}");
        await AssertDeliveredOnceAndCheckpointedAsync(sinks, leases, produced, a, b);
    }

    [Fact]
    public async Task When_a_worker_process_is_killed_the_other_takes_its_shards_over_and_every_event_is_delivered()
    {
        using var temp = new TempDirectory();
        const int Events = 6000;
        await using var fleet = await StartBalancedFleetAsync(temp);
        var (stream, sinks, a, b, _) = fleet;

        // Produce at a steady rate, so the kill lands mid-stream.
        await using var produce = KinesisFlowProcess.Start(WorkerArguments.Produce(emulators.Kinesis.Endpoint, stream, Events, temp.File("manifest.ndjson"), "--rate", "600"));
        await Eventually.WaitUntilAsync(
            () => DeliveredEvents.Read(sinks[0]).Count > 200 && DeliveredEvents.Read(sinks[1]).Count > 200,
            DeliveryTimeout,
            $"both workers delivering\nA:\n{a.Log}\nB:\n{b.Log}");
        await a.KillAsync();

        await produce.WaitForExitAsync(DeliveryTimeout);
        Assert.True(produce.ExitCode == 0, produce.Log);
        var produced = DeliveredEvents.ReadManifest(temp.File("manifest.ndjson"));
        Assert.Equal(Events, produced.Count);
        await EndToEndSteps.WaitForAllAsync(produced, sinks, DeliveryTimeout, b);
        await b.StopAsync(StopTimeout);
        Assert.True(b.ExitCode == 0, b.Log);

        // At least once: every event arrived; duplicates only from records after a's last checkpoints.
        var delivered = DeliveredEvents.Read(sinks).Select(e => e.EventId).ToHashSet();
        Assert.Subset(delivered, produced.Select(e => e.EventId).ToHashSet());
    }

    /// <summary>Two worker processes and their lease table, stopped and closed together.</summary>
    private sealed record Fleet(string Stream, string[] Sinks, KinesisFlowProcess A, KinesisFlowProcess B, LeaseTable Leases) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await A.DisposeAsync();
            await B.DisposeAsync();
            Leases.Dispose();
        }
    }

    /// <summary>
    /// Two workers on a new 4-shard stream, returned once they own two shards each with no handoff pending: tests then
    /// start from a known, quiet fleet instead of racing the first balancing rounds.
    /// </summary>
    private async Task<Fleet> StartBalancedFleetAsync(TempDirectory temp)
    {
        var stream = await emulators.Kinesis.Streams.CreateUniqueAsync(4);
        var leaseTable = EmulatorFixture.UniqueName("leases");
        string[] sinks = [temp.File("a.ndjson"), temp.File("b.ndjson")];
        var a = StartWorker(stream, leaseTable, "worker-a", sinks[0]);
        var b = StartWorker(stream, leaseTable, "worker-b", sinks[1]);
        var fleet = new Fleet(stream, sinks, a, b, new LeaseTable(emulators.DynamoDb.Endpoint, leaseTable));
        try
        {
            await Eventually.WaitUntilAsync(
                async _ => await BalancedAsync(fleet.Leases) || a.HasExited || b.HasExited,
                DeliveryTimeout,
                $"both workers owning two shards each\nA:\n{a.Log}\nB:\n{b.Log}");
            return fleet;
        }
        catch
        {
            await fleet.DisposeAsync();
            throw;
        }
    }

    private static async Task<bool> BalancedAsync(LeaseTable leases)
    {
        var owners = await OwnersAsync(leases);
        return owners.Count == 4 && owners.Count(owner => owner == "worker-a") == 2 && owners.Count(owner => owner == "worker-b") == 2;
    }

    /// <summary>The lease owners once no handoff is under way; empty until then, or while the table does not exist.</summary>
    private static async Task<List<string?>> OwnersAsync(LeaseTable leases)
    {
        try
        {
            var table = await leases.ReadAsync();
            return table.Values.Any(lease => lease.HandingOver is not null) ? [] : [.. table.Values.Select(lease => lease.Owner)];
        }
        catch (Amazon.DynamoDBv2.Model.ResourceNotFoundException)
        {
            return []; // the workers have not created the table yet
        }
    }

    private KinesisFlowProcess StartWorker(string stream, string leaseTable, string workerId, string sink) =>
        KinesisFlowProcess.Start(WorkerArguments.Run(emulators.Kinesis.Endpoint, emulators.DynamoDb.Endpoint, stream, leaseTable, workerId, sink));

    /// <summary>
    /// Every produced event delivered exactly once, from its own record, and each shard's checkpoint at its last
    /// produced event's record. Producers must send no CONTROL_MESSAGE records (<c>--control-ratio 0</c>): a trailing
    /// one is checkpointed too, yet has no event in the manifest.
    /// </summary>
    private static async Task AssertDeliveredOnceAndCheckpointedAsync(string[] sinks, LeaseTable leases, List<ProducedEvent> produced, KinesisFlowProcess a, KinesisFlowProcess b)
    {
        var delivered = DeliveredEvents.Read(sinks);
        Assert.True(produced.Count == delivered.Count, $"{delivered.Count - produced.Count} events too many\nA:\n{a.Log}\nB:\n{b.Log}");
        Assert.Equal(produced.Select(e => e.EventId).Order(), delivered.Select(e => e.EventId).Order());
        Assert.All(delivered, e => Assert.Equal(produced.Single(p => p.EventId == e.EventId).SequenceNumber, e.SequenceNumber));

        var checkpoints = await leases.ReadAsync();
        foreach (var shard in produced.GroupBy(e => e.ShardId))
        {
            var last = shard.Max(e => BigInteger.Parse(e.SequenceNumber, System.Globalization.CultureInfo.InvariantCulture));
            Assert.True(
                last.ToString(System.Globalization.CultureInfo.InvariantCulture) == checkpoints[shard.Key].Checkpoint,
                $"{shard.Key} checkpointed at {checkpoints[shard.Key].Checkpoint}, not at its last sequence number {last}\nA:\n{a.Log}\nB:\n{b.Log}");
        }
    }
}
