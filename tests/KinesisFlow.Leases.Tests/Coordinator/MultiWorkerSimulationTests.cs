using System.Collections.Concurrent;
using System.Diagnostics;
using Amazon.DynamoDBv2;
using KinesisFlow.Coordination.Leases;
using KinesisFlow.TestKit;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace KinesisFlow.Leases.Tests.Coordinator;

/// <summary>
/// Three coordinators sharing one lease table of 16 leases on dynalite, in real time with a short lease: they
/// converge, survive an abrupt stop and a graceful one, and never let two owners checkpoint one shard at once.
/// </summary>
[Collection(DynaliteCollection.Name)]
public sealed class MultiWorkerSimulationTests(DynaliteFixture dynalite, ITestOutputHelper output) : IDisposable
{
    private const int LeaseCount = 16;

    // Generous bound for a loaded 2-core machine on top of the protocol's own bounds.
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(2);

    private static readonly LeaseOptions Options = new()
    {
        LeaseDuration = TimeSpan.FromSeconds(3),
        RenewInterval = TimeSpan.FromMilliseconds(500),
        BalanceInterval = TimeSpan.FromMilliseconds(500),
    };

    private readonly AmazonDynamoDBClient _client = DynaliteTables.Client(dynalite);

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task Three_workers_share_sixteen_leases_and_take_over_after_abrupt_and_graceful_stops()
    {
        var store = await DynaliteTables.NewStoreAsync(_client);
        for (var i = 0; i < LeaseCount; i++)
        {
            await store.CreateIfAbsentAsync(Lease.Create($"shardId-{i:D12}", ExtendedSequenceNumber.TrimHorizon), CancellationToken.None);
        }

        var log = new ConcurrentBag<CheckpointRecord>();
        var workers = new[] { "worker-a", "worker-b", "worker-c" }.Select((id, i) => new LeaseCoordinator(
            id, store, Options, TimeProvider.System, NullLogger<LeaseCoordinator>.Instance, random: new Random(i + 1))).ToList();
        var simulators = new List<ShardWorkSimulator>();
        try
        {
            await Task.WhenAll(workers.Select(worker => worker.StartAsync(CancellationToken.None)));
            simulators.AddRange(workers.Select(worker => new ShardWorkSimulator(worker, log)));

            await Eventually.WaitUntilAsync(() => Balanced(workers), TimeSpan.FromSeconds(60), "three workers holding 16 leases within one of each other");
            output.WriteLine($"Converged: {string.Join(", ", workers.Select(w => $"{w.WorkerId}={w.OwnedLeases.Count}"))}");

            // Abrupt stop of c: no release; its leases expire on the peers' clocks, counted from its last renewal.
            var clock = Stopwatch.StartNew();
            var lastRenewal = TimeSpan.Zero;
            workers[2].RenewalCycleCompleted += (_, _) => lastRenewal = clock.Elapsed;
            await Eventually.WaitUntilAsync(() => lastRenewal > TimeSpan.Zero, TimeSpan.FromSeconds(10), "a renewal by c");
            await simulators[2].DisposeAsync();
            await workers[2].DisposeAsync();
            await Eventually.WaitUntilAsync(() => Held(workers[..2]) == LeaseCount, TimeSpan.FromSeconds(30), "a and b holding all 16 leases");
            var takeover = clock.Elapsed - lastRenewal;
            output.WriteLine($"Abrupt stop: leases taken over {takeover.TotalMilliseconds:F0} ms after the last renewal");
            // Peers see the last renewal at their next listing (up to one balance interval later), and take the lease
            // at the first listing more than a lease duration after that: duration + one balance interval from when
            // they last saw it renewed, at most duration + two intervals from the renewal itself.
            Assert.True(takeover <= Options.LeaseDuration + (2 * Options.EffectiveBalanceInterval) + Slack, $"took {takeover}");
            Assert.True(takeover > Options.LeaseDuration, $"taken after only {takeover}: before the lease could have expired");

            // Graceful stop of b: its shard tasks checkpoint, then it releases; a takes them without waiting for expiry.
            await Eventually.WaitUntilAsync(() => workers[1].OwnedLeases.Count > 0, TimeSpan.FromSeconds(30), "b holding leases");
            await simulators[1].DisposeAsync();
            var stopped = Stopwatch.StartNew();
            await workers[1].StopAsync(CancellationToken.None);
            await Eventually.WaitUntilAsync(() => Held(workers[..1]) == LeaseCount, TimeSpan.FromSeconds(30), "a holding all 16 leases");
            var handover = stopped.Elapsed;
            output.WriteLine($"Graceful stop: leases taken over in {handover.TotalMilliseconds:F0} ms");
            Assert.True(handover < Options.EffectiveBalanceInterval + Slack && handover < Options.LeaseDuration, $"took {handover}");
        }
        finally
        {
            foreach (var simulator in simulators)
            {
                await simulator.DisposeAsync();
            }

            foreach (var worker in workers)
            {
                await worker.DisposeAsync();
            }
        }

        AssertNeverTwoOwnersCheckpointing(log);
        var final = await store.ListAsync(CancellationToken.None);
        foreach (var lease in final)
        {
            Assert.Equal(log.Where(record => record.ShardId == lease.LeaseKey).Max(record => record.Value).ToString(System.Globalization.CultureInfo.InvariantCulture), lease.Checkpoint.SequenceNumber);
        }
    }

    /// <summary>
    /// Ordered by value (drawn just before each write), each shard's successful checkpoints must come in unbroken runs
    /// per ownership epoch: had an old owner written after a new one, its run would resume after another's began.
    /// </summary>
    private static void AssertNeverTwoOwnersCheckpointing(ConcurrentBag<CheckpointRecord> log)
    {
        Assert.NotEmpty(log);
        foreach (var shard in log.GroupBy(record => record.ShardId))
        {
            var finished = new HashSet<ShardLease>(ReferenceEqualityComparer.Instance);
            ShardLease? current = null;
            foreach (var record in shard.OrderBy(record => record.Value))
            {
                if (!ReferenceEquals(record.Epoch, current))
                {
                    Assert.True(current is null || finished.Add(current));
                    Assert.DoesNotContain(record.Epoch, finished);
                    current = record.Epoch;
                }
            }
        }
    }

    private static bool Balanced(IReadOnlyList<LeaseCoordinator> workers)
    {
        var counts = workers.Select(worker => worker.OwnedLeases.Count).ToList();
        return Held(workers) == LeaseCount && counts.Max() - counts.Min() <= 1;
    }

    /// <summary>Distinct shards the workers are processing; a shard claimed by two would not add up to 16 with the sum.</summary>
    private static int Held(IEnumerable<LeaseCoordinator> workers)
    {
        var owned = workers.SelectMany(worker => worker.OwnedLeases.Select(lease => lease.ShardId)).ToList();
        return owned.Count == owned.Distinct(StringComparer.Ordinal).Count() ? owned.Count : -1;
    }
}
