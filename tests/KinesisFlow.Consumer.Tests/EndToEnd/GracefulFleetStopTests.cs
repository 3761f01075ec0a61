using KinesisFlow.Consumer.Tests.Support;
using KinesisFlow.TestKit;

namespace KinesisFlow.Consumer.Tests.EndToEnd;

/// <summary>
/// Three worker processes whose lease table sits behind a slow network (every request 40 ms late) and who balance
/// every 100 ms, so that takes are in flight whenever the fleet changes: stopped gracefully (SIGTERM two, then the third
/// as soon as they exit) they leave no lease owned, take nothing while stopping, and log nothing amiss.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed partial class GracefulFleetStopTests(KinesaliteAndDynalite emulators)
{
    private const int Shards = 6;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task A_fleet_stopped_gracefully_leaves_no_lease_owned_and_takes_nothing_while_stopping()
    {
        using var temp = new TempDirectory();
        var stream = await emulators.Kinesis.Streams.CreateUniqueAsync(Shards);
        var leaseTable = EmulatorFixture.UniqueName("leases");
        await using var slowNetwork = DelayingTcpProxy.Start(emulators.DynamoDb.Endpoint, TimeSpan.FromMilliseconds(40));
        using var leases = new LeaseTable(emulators.DynamoDb.Endpoint, leaseTable);
        var environment = new Dictionary<string, string>
        {
            ["KINESISFLOW__Leases__BalanceInterval"] = "00:00:00.100",
            // Short, so that a drain timer left running after a clean handoff would speak up while the fleet runs.
            ["KINESISFLOW__Pipeline__DrainTimeout"] = "00:00:03",
        };
        string[] ids = ["worker-a", "worker-b", "worker-c"];
        var workers = ids.Select(id => KinesisFlowProcess.Start(environment, WorkerArguments.Run(
            emulators.Kinesis.Endpoint, slowNetwork.Endpoint, stream, leaseTable, id, temp.File($"{id}.ndjson")))).ToList();
        try
        {
            await Eventually.WaitUntilAsync(
                async _ => await BalancedAsync(leases, ids) || workers.Any(worker => worker.HasExited),
                Timeout,
                $"each worker owning two shards, no handoff pending\n{Logs(ids, workers)}");
            Assert.DoesNotContain(workers, worker => worker.HasExited);

            // Two stop at once; the third, still balancing every 100 ms, takes what they release, and is stopped the
            // moment they have exited, with takes in flight.
            var stopFrom = new int[workers.Count];
            stopFrom[0] = LineCount(workers[0].Log);
            stopFrom[1] = LineCount(workers[1].Log);
            await Task.WhenAll(workers[0].StopAsync(Timeout), workers[1].StopAsync(Timeout));
            stopFrom[2] = LineCount(workers[2].Log);
            await workers[2].StopAsync(Timeout);

            var owned = (await leases.ReadAsync()).Where(lease => lease.Value.Owner is not null || lease.Value.HandingOver is not null).ToList();
            Assert.True(owned.Count == 0, $"leases still owned: {string.Join(", ", owned.Select(lease => $"{lease.Key} by {lease.Value.Owner}"))}\n{Logs(ids, workers)}");
            for (var i = 0; i < workers.Count; i++)
            {
                Assert.True(workers[i].ExitCode == 0, $"{ids[i]} exited with {workers[i].ExitCode}:\n{workers[i].Log}");
                AssertCleanStop(ids[i], workers[i].Log, stopFrom[i]);
            }
        }
        finally
        {
            foreach (var worker in workers)
            {
                await worker.DisposeAsync();
            }

            await emulators.Kinesis.Streams.DeleteAsync(stream);
        }
    }

    /// <summary>
    /// No "did not drain" at all (no shard drained for long on an idle stream, so none may say so); from the SIGTERM on
    /// (line <paramref name="stopFrom"/>), no warning or error; and no lease taken once every shard stopped. (A take
    /// that completes between the SIGTERM and that point began before the stop did: the lease table shows it released.)
    /// </summary>
    private static void AssertCleanStop(string id, string log, int stopFrom)
    {
        Assert.DoesNotContain("did not drain", log, StringComparison.Ordinal);
        var stopping = log.Split('\n').Skip(stopFrom).ToList();
        var amiss = stopping.Where(line => LevelAmiss().IsMatch(line)).ToList();
        Assert.True(amiss.Count == 0, $"{id} logged while stopping:\n{string.Join('\n', amiss)}\n\n{log}");
        var stopped = stopping.FindIndex(line => line.Contains("stopped every shard", StringComparison.Ordinal));
        Assert.True(stopped >= 0, $"{id} never said it stopped every shard:\n{log}");
        Assert.False(stopping.Skip(stopped).Any(line => line.Contains("took lease", StringComparison.Ordinal)), $"{id} took a lease after it stopped every shard:\n{log}");
    }

    private static int LineCount(string log) => log.Split('\n').Length;

    /// <summary>A console log line (optionally after its timestamp) at warning level or above.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"^(\S+ )?(warn|fail|crit): ")]
    private static partial System.Text.RegularExpressions.Regex LevelAmiss();

    private static async Task<bool> BalancedAsync(LeaseTable leases, string[] ids)
    {
        try
        {
            var table = await leases.ReadAsync();
            return table.Count == Shards
                && table.Values.All(lease => lease.HandingOver is null)
                && ids.All(id => table.Values.Count(lease => lease.Owner == id) == Shards / ids.Length);
        }
        catch (Amazon.DynamoDBv2.Model.ResourceNotFoundException)
        {
            return false; // the workers have not created the table yet
        }
    }

    private static string Logs(string[] ids, List<KinesisFlowProcess> workers) =>
        string.Join('\n', ids.Select((id, i) => $"{id}:\n{workers[i].Log}"));
}
