using System.Collections.Concurrent;
using KinesisFlow.Coordination.Leases;
using KinesisFlow.Leases;
using KinesisFlow.TestKit.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace KinesisFlow.TestKit.Simulation;

/// <summary>
/// The whole lease protocol of a fleet on one table (in memory, or dynalite) and one fake clock: every worker is the real
/// <see cref="LeaseCoordinator"/> with its own loops (started, stopped, killed like a process), reaching the table
/// through a <see cref="LeaseTableMeter"/> that counts every call, delays every answer and throttles some. A stand-in
/// supervisor per worker lets go of each lease it is asked to hand over, as the consumer's does once the shard task
/// drained (here nothing is in flight, so at once); on a busy stream (<see cref="BusyStream"/>) it also reports, at every
/// step, a lag for each shard being processed that differs from the last, as the shard tasks of a stream that keeps
/// receiving records do. Time jumps from one armed timer to the next (at most a step); after each jump the simulation waits (real
/// time, bounded) until every call is either answered or waiting for its answer on the fake clock and the thread pool
/// is idle, so a slow machine delays the run but not what happens in it. The meter does not know the protocol: run the
/// same scenario before and after a protocol change to compare what it costs.
/// </summary>
public sealed class LeaseFleetSimulation : IAsyncDisposable
{
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(60);

    // The longest step: time jumps to the next armed timer, or this far when none is armed sooner.
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);
    private readonly ConcurrentDictionary<string, Worker> _workers = new(StringComparer.Ordinal);
    private readonly ILeaseStore _store;

    private LeaseFleetSimulation(ILeaseStore table, LeaseOptions options, TimeSpan latency, double throttleRate, int seed)
    {
        Table = table;
        Options = options;
        Meter = new LeaseTableMeter(Time, latency, throttleRate, seed);
        _store = Meter.Wrap(table);
    }

    /// <summary>
    /// A fleet with no worker yet, on <paramref name="table"/> (default: a new in-memory one) holding <paramref name="shards"/>
    /// leases of production size (a hash key range each, a real checkpoint), unowned or already spread over
    /// <paramref name="owners"/> (who then adopt them when they start).
    /// </summary>
    /// <param name="shards">Leases to create.</param>
    /// <param name="options">Every worker's lease options.</param>
    /// <param name="latency">Simulated time every answer takes (on top of the table's own, if it is a real one).</param>
    /// <param name="throttleRate">The share of calls throttled.</param>
    /// <param name="seed">Seeds which calls are throttled.</param>
    /// <param name="table">The table; null = a new in-memory one.</param>
    /// <param name="owners">Workers holding the leases round-robin at the start; null = nobody.</param>
    public static async Task<LeaseFleetSimulation> CreateAsync(
        int shards, LeaseOptions options, TimeSpan latency, double throttleRate = 0, int seed = 1, ILeaseStore? table = null, IReadOnlyList<string>? owners = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        table ??= new InMemoryLeaseStore();
        var width = UInt128.MaxValue / (UInt128)shards;
        for (var i = 0; i < shards; i++)
        {
            var range = new HashKeyRange(width * (UInt128)i, i == shards - 1 ? UInt128.MaxValue : (width * (UInt128)(i + 1)) - 1);
            var checkpoint = new ExtendedSequenceNumber($"4965{i:D12}{seed:D10}00000000000000000000000000000000"[..56]);
            var lease = Lease.Create($"shardId-{i:D12}", checkpoint, hashKeyRange: range);
            await table.CreateIfAbsentAsync(owners is { Count: > 0 } ? lease with { LeaseOwner = owners[i % owners.Count] } : lease, CancellationToken.None);
        }

        return new LeaseFleetSimulation(table, options, latency, throttleRate, seed);
    }

    public LeaseOptions Options { get; }

    public EventTimeProvider Time { get; } = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The table itself (reading it here is not counted).</summary>
    public ILeaseStore Table { get; }

    public LeaseTableMeter Meter { get; }

    public IReadOnlyCollection<string> Workers => _workers.Keys.ToArray();

    /// <summary>
    /// Every shard being processed reports a new lag at every step, as on a stream that keeps receiving records (what a
    /// worker's lag reports cost the table); off, the shards report nothing, as on an idle stream read by nobody.
    /// </summary>
    public bool BusyStream { get; set; }

    /// <summary>The running worker that leads now (null: none yet, or leader election is off).</summary>
    public string? Leader => _workers.FirstOrDefault(worker => worker.Value.Coordinator.IsLeader).Key;

    /// <summary>Starts a worker (its start-up runs on simulated time like everything else).</summary>
    public void Start(string workerId)
    {
        var coordinator = new LeaseCoordinator(workerId, _store, Options, Time, NullLogger<LeaseCoordinator>.Instance);
        var worker = new Worker(coordinator);
        _workers[workerId] = worker;
        worker.Starting = Task.Run(() => coordinator.StartAsync(CancellationToken.None));
    }

    /// <summary>Stops a worker: gracefully (it releases its leases) or as a crash (they expire).</summary>
    public async Task StopAsync(string workerId, bool graceful)
    {
        if (!_workers.TryRemove(workerId, out var worker))
        {
            return;
        }

        await worker.Starting;
        var stopping = graceful ? worker.Coordinator.StopAsync(CancellationToken.None) : worker.Coordinator.DisposeAsync().AsTask();
        while (!stopping.IsCompleted)
        {
            await StepAsync();
        }

        await stopping;
        await worker.Coordinator.DisposeAsync();
    }

    /// <summary>Moves time until <paramref name="done"/> holds; returns how long that took, or null after <paramref name="limit"/>.</summary>
    public async Task<TimeSpan?> RunUntilAsync(Func<bool> done, TimeSpan limit)
    {
        ArgumentNullException.ThrowIfNull(done);
        var start = Time.GetUtcNow();
        while (Time.GetUtcNow() - start <= limit)
        {
            if (done())
            {
                return Time.GetUtcNow() - start;
            }

            await StepAsync();
        }

        return null;
    }

    public async Task RunForAsync(TimeSpan duration)
    {
        var end = Time.GetUtcNow() + duration;
        while (Time.GetUtcNow() < end)
        {
            await StepAsync();
        }
    }

    /// <summary>
    /// Every lease owned by a running worker that is processing it (no handoff pending), and the workers' loads within
    /// one of each other.
    /// </summary>
    public bool Balanced(out string why)
    {
        // Synchronously: called between steps, where nothing else runs.
        var leases = Table.ListAsync(CancellationToken.None).GetAwaiter().GetResult();
        var loads = _workers.Keys.ToDictionary(id => id, _ => 0, StringComparer.Ordinal);
        foreach (var lease in leases)
        {
            if (lease.LeaseOwner is not { } owner || !loads.TryGetValue(owner, out var load) || lease.IsHandoffPending)
            {
                why = $"{lease.LeaseKey}: owner {lease.LeaseOwner ?? "none"}, checkpointOwner {lease.CheckpointOwner ?? "none"}";
                return false;
            }

            loads[owner] = load + 1;
        }

        foreach (var (id, worker) in _workers)
        {
            if (worker.Coordinator.OwnedLeases.Count != loads[id])
            {
                why = $"{id} processes {worker.Coordinator.OwnedLeases.Count} of its {loads[id]} leases";
                return false;
            }
        }

        why = loads.Count == 0 ? "no workers" : $"loads {loads.Values.Min()}..{loads.Values.Max()}";
        return loads.Count > 0 && loads.Values.Max() - loads.Values.Min() <= 1;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var id in _workers.Keys.ToArray())
        {
            await StopAsync(id, graceful: false);
        }
    }

    private async Task StepAsync()
    {
        var now = Time.GetUtcNow();
        foreach (var worker in _workers.Values)
        {
            worker.Supervise(BusyStream ? now : null);
        }

        var next = Time.NextDue is { } due && due - now < Step ? due - now : Step;
        Time.Advance(next > TimeSpan.Zero ? next : TimeSpan.FromMilliseconds(1));
        await SettleAsync();
    }

    /// <summary>Until every call is answered or waiting on the fake clock, and nothing else runs, twice in a row.</summary>
    private async Task SettleAsync()
    {
        using var timeout = new CancellationTokenSource(SettleTimeout);
        var quiet = 0;
        var started = Meter.Started;
        while (quiet < 2)
        {
            await Task.Delay(1, timeout.Token);
            var now = Meter.Started;
            quiet = now == started && Meter.InFlight == Meter.Waiting && ThreadPool.PendingWorkItemCount == 0 ? quiet + 1 : 0;
            started = now;
        }
    }

    private sealed class Worker(LeaseCoordinator coordinator)
    {
        private readonly HashSet<ShardLease> _processing = new(ReferenceEqualityComparer.Instance);

        public LeaseCoordinator Coordinator { get; } = coordinator;

        public Task Starting { get; set; } = Task.CompletedTask;

        /// <summary>
        /// The supervisor's part: each shard asked to be handed over is let go (nothing in flight to drain); given the
        /// time of a busy stream, each shard processed reports a lag that changes with it (1 to 5 s behind the tip).
        /// </summary>
        public void Supervise(DateTimeOffset? busyAt)
        {
            foreach (var lease in Coordinator.OwnedLeases)
            {
                _processing.Add(lease);
                if (busyAt is { } now)
                {
                    Coordinator.ReportLag(lease.ShardId, 1_000 + (now.ToUnixTimeMilliseconds() % 4_000), oldestUnacknowledgedArrival: null);
                }
            }

            foreach (var lease in _processing.ToArray())
            {
                if (lease.Revocation == LeaseRevocation.None)
                {
                    continue;
                }

                _processing.Remove(lease);
                if (lease.Revocation == LeaseRevocation.HandoffRequested)
                {
                    _ = Coordinator.ReleaseAsync(lease.ShardId, CancellationToken.None);
                }
            }
        }
    }
}
