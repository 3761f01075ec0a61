using System.Collections.Concurrent;
using Amazon.DynamoDBv2;
using KinesisFlow.Coordination.Leases;
using KinesisFlow.TestKit;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace KinesisFlow.Leases.Tests.Coordinator;

/// <summary>
/// Three coordinators sharing one lease table of 16 leases on dynalite: they converge, survive an abrupt stop and a
/// graceful one, and never let two owners checkpoint one shard at once. Their cycles run in rounds on one fake clock
/// (every round: time moves one interval, every live worker renews, then every live worker balances, all against the
/// real table), so how slow the machine is changes nothing the test asserts; only the simulated shard tasks, which
/// checkpoint concurrently with the cycles, run in real time, and each round waits for them to settle. The coordinators'
/// log, with the start of every round, is written to the test's output on the fake clock (shown when it fails).
/// </summary>
[Collection(DynaliteCollection.Name)]
public sealed class MultiWorkerSimulationTests(DynaliteFixture dynalite, ITestOutputHelper output) : IDisposable
{
    private const int LeaseCount = 16;

    // Rounds (of simulated time) the fleet may take to converge: far more than the protocol needs.
    private const int MaxRounds = 120;

    // Real time for the simulated shard tasks to act on a revocation (checkpoint, release): generous for a loaded machine.
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(60);

    private static readonly LeaseOptions Options = new()
    {
        LeaseDuration = TimeSpan.FromSeconds(3),
        RenewInterval = TimeSpan.FromMilliseconds(500),
        BalanceInterval = TimeSpan.FromMilliseconds(500),
    };

    private readonly AmazonDynamoDBClient _client = DynaliteTables.Client(dynalite);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly ConcurrentQueue<(DateTimeOffset At, string What)> _rounds = new();
    private FakeLogCollector? _log;

    public void Dispose()
    {
        _client.Dispose();
        // A round's start first, then what the workers logged at that time (a stable sort).
        var lines = _rounds.Concat((_log?.GetSnapshot() ?? []).Select(record => (At: record.Timestamp, What: $"{record.Level} {record.Message}")));
        foreach (var (at, what) in lines.OrderBy(line => line.At))
        {
            output.WriteLine($"{at:mm:ss.fff} {what}");
        }
    }

    /// <param name="leaderElection">
    /// With a leader, the one elected scans and assigns, and the others learn of their leases from the owner index at
    /// their next renew cycle: a take-over may need one renew interval more. If the stopped worker was the leader, a
    /// survivor first takes the leadership over once the leader item has stood still for a lease duration; it knows
    /// how long the old leader's heartbeat has, and so takes its leases at its first scan.
    /// </param>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Three_workers_share_sixteen_leases_and_take_over_after_abrupt_and_graceful_stops(bool leaderElection)
    {
        var options = new LeaseOptions
        {
            LeaseDuration = Options.LeaseDuration,
            RenewInterval = Options.RenewInterval,
            BalanceInterval = Options.BalanceInterval,
            LeaderElection = leaderElection,
        };
        var pickUp = leaderElection ? options.EffectiveRenewInterval : TimeSpan.Zero;
        var store = await DynaliteTables.NewStoreAsync(_client);
        for (var i = 0; i < LeaseCount; i++)
        {
            await store.CreateIfAbsentAsync(Lease.Create($"shardId-{i:D12}", ExtendedSequenceNumber.TrimHorizon), CancellationToken.None);
        }

        var log = new ConcurrentBag<CheckpointRecord>();
        _log = FakeLogCollector.Create(new FakeLogCollectorOptions { TimeProvider = _time });
        var workers = new[] { "worker-a", "worker-b", "worker-c" }.Select(id => new LeaseCoordinator(
            id, store, options, _time, new FakeLogger<LeaseCoordinator>(_log))).ToList();
        var simulators = new List<ShardWorkSimulator>();
        try
        {
            await Task.WhenAll(workers.Select(worker => worker.RunBalanceCycleAsync(CancellationToken.None)));
            simulators.AddRange(workers.Select(worker => new ShardWorkSimulator(worker, log)));

            var converged = await RoundsUntilAsync(workers, simulators, () => Balanced(workers), "three workers holding 16 leases within one of each other");
            output.WriteLine($"Converged after {converged} of simulated time: {string.Join(", ", workers.Select(w => $"{w.WorkerId}={w.OwnedLeases.Count}"))}");

            if (leaderElection)
            {
                // The worker stopped abruptly below is the leader, the hardest case.
                var leader = workers.FindIndex(worker => worker.IsLeader);
                Assert.True(leader >= 0, "no leader elected");
                (workers[leader], workers[2]) = (workers[2], workers[leader]);
                (simulators[leader], simulators[2]) = (simulators[2], simulators[leader]);
            }

            // Abrupt stop of c: no release; its leases expire on the peers' clocks, counted from its last write (a
            // renewal in the last round, or its shard tasks' last checkpoints, written right now).
            var abandoned = workers[2].OwnedLeases.Select(lease => lease.ShardId).ToHashSet(StringComparer.Ordinal);
            await simulators[2].DisposeAsync();
            await workers[2].DisposeAsync();
            var firstTaken = await RoundsUntilAsync(workers[..2], simulators[..2], () => workers[..2].Any(worker => worker.OwnedLeases.Any(lease => abandoned.Contains(lease.ShardId))), "a or b taking one of c's leases");
            var allTaken = firstTaken + await RoundsUntilAsync(workers[..2], simulators[..2], () => Held(workers[..2]) == LeaseCount, "a and b holding all 16 leases");
            output.WriteLine($"Abrupt stop: c's first lease taken over {firstTaken}, the last {allTaken} after c's last write");
            // Peers see the last write at their next listing (one balance interval later) and take the lease at the
            // first listing more than a lease duration after that. Both peers go for the expired leases at once, so
            // a few may need another round each (a lost race costs one).
            Assert.True(firstTaken > Options.LeaseDuration, $"taken after only {firstTaken}: before the lease could have expired");
            Assert.True(firstTaken <= Options.LeaseDuration + (2 * Options.EffectiveBalanceInterval) + pickUp, $"took {firstTaken}");
            Assert.True(allTaken <= firstTaken + (abandoned.Count * Options.EffectiveBalanceInterval), $"took {allTaken} to take all {abandoned.Count}");

            // Graceful stop of b: its shard tasks checkpoint, then it releases; a takes them at its next balance.
            Assert.NotEmpty(workers[1].OwnedLeases);
            output.WriteLine($"Before the graceful stop: leaders {string.Join(",", workers[..2].Where(worker => worker.IsLeader).Select(worker => worker.WorkerId))}; leader item {await store.ReadLeaderAsync(CancellationToken.None)}");
            await simulators[1].DisposeAsync();
            await workers[1].StopAsync(CancellationToken.None);
            var handover = await RoundsUntilAsync(workers[..1], simulators[..1], () => Held(workers[..1]) == LeaseCount, "a holding all 16 leases");
            output.WriteLine($"Graceful stop: leases taken over after {handover}");
            Assert.Equal(Options.EffectiveBalanceInterval, handover);
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
    /// Runs rounds until <paramref name="done"/> holds after one; returns the simulated time that took. Each round
    /// moves the clock one interval, renews then balances on every live worker (concurrently, as separate processes
    /// would), then waits until the shard tasks have acted on every revocation, so that no round outruns them.
    /// </summary>
    private async Task<TimeSpan> RoundsUntilAsync(IReadOnlyList<LeaseCoordinator> live, IReadOnlyList<ShardWorkSimulator> simulators, Func<bool> done, string what)
    {
        var start = _time.GetUtcNow();
        for (var round = 0; round < MaxRounds; round++)
        {
            _time.Advance(Options.EffectiveBalanceInterval);
            _rounds.Enqueue((_time.GetUtcNow(), $"round {round} until {what}"));
            await Task.WhenAll(live.Select(worker => worker.RunRenewCycleAsync(CancellationToken.None)));
            await Task.WhenAll(live.Select(worker => worker.RunBalanceCycleAsync(CancellationToken.None)));
            await Eventually.WaitUntilAsync(() => simulators.All(simulator => simulator.Settled), SettleTimeout, "the shard tasks to act on revocations");
            if (done())
            {
                return _time.GetUtcNow() - start;
            }
        }

        throw new TimeoutException($"No {what} after {MaxRounds} rounds ({MaxRounds * Options.EffectiveBalanceInterval} of simulated time).");
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
