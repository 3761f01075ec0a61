using KinesisFlow.Coordination.Leases;

namespace KinesisFlow.Coordination.Tests.Leases;

/// <summary>
/// A fleet running the pure balancer over a lease table held in memory, cycle by cycle. Each cycle: every handoff asked
/// for in the last one completes (the old owner's shard task checkpointed and let go), every live worker lists the table
/// (in its own order) and plans, then all act in a random order through conditional writes, the table's own rule (a
/// write whose <c>seen</c> counter or owner no longer matches fails). Time is not simulated: a dead worker's leases are
/// seen expired at once, a live one's never, so a cycle counts from the moment a change became visible to the balancer.
/// </summary>
internal sealed class SimulatedLeaseTable
{
    private static readonly TimeSpan Now = TimeSpan.FromHours(1);
    private readonly SortedDictionary<string, Lease> _table = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _live = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _moves = new(StringComparer.Ordinal);
    private readonly LeaseOptions _options;
    private readonly bool _heartbeats;
    private readonly Random _random;

    /// <param name="leaseCount">Leases in the table, all unowned at first.</param>
    /// <param name="options">The balancer's options.</param>
    /// <param name="heartbeats">True: every worker knows the live workers (heartbeat items); false: only those holding leases.</param>
    /// <param name="seed">Seeds the listing orders and the order in which workers act.</param>
    public SimulatedLeaseTable(int leaseCount, LeaseOptions options, bool heartbeats, int seed)
    {
        _options = options;
        _heartbeats = heartbeats;
        _random = new Random(seed);
        for (var i = 0; i < leaseCount; i++)
        {
            var key = $"shardId-{i:D12}";
            _table[key] = Lease.Create(key, ExtendedSequenceNumber.TrimHorizon);
        }
    }

    public IReadOnlyCollection<string> LiveWorkers => _live;

    public IReadOnlyCollection<string> LeaseKeys => _table.Keys;

    /// <summary>Moves from a live owner (handoffs, steals) since <see cref="ResetMoves"/>.</summary>
    public int Moves => _moves.Values.Sum();

    /// <summary>The most any one lease moved since <see cref="ResetMoves"/>.</summary>
    public int MostMovesOfOneLease => _moves.Count == 0 ? 0 : _moves.Values.Max();

    public void ResetMoves() => _moves.Clear();

    public void Join(string worker) => _live.Add(worker);

    /// <summary>Gracefully: it releases its leases (and lets go of those it hands over). Abruptly: they expire.</summary>
    public void Leave(string worker, bool graceful)
    {
        _live.Remove(worker);
        if (graceful)
        {
            foreach (var lease in _table.Values.ToList())
            {
                if (lease.LeaseOwner == worker)
                {
                    _table[lease.LeaseKey] = lease.Released();
                }
                else if (lease.CheckpointOwner == worker)
                {
                    _table[lease.LeaseKey] = lease.HandoffCompleted();
                }
            }
        }
    }

    /// <summary>Sets a lease's state directly (a start state: any owner, dead or alive, a handoff under way).</summary>
    public void Set(string key, string? owner, string? handingOver = null) =>
        _table[key] = _table[key] with { LeaseOwner = owner, CheckpointOwner = handingOver, LeaseCounter = _table[key].LeaseCounter + 1 };

    /// <summary>Leases per live worker, pending handoffs counted for their new owner.</summary>
    public Dictionary<string, int> Loads()
    {
        var loads = _live.ToDictionary(worker => worker, _ => 0, StringComparer.Ordinal);
        foreach (var lease in _table.Values)
        {
            if (lease.LeaseOwner is { } owner && loads.TryGetValue(owner, out var load))
            {
                loads[owner] = load + 1;
            }
        }

        return loads;
    }

    /// <summary>
    /// The fewest moves from a live owner any plan needs from here: every worker ends at floor or ceil of the share, so
    /// the excess above ceil must move, and of the workers at or above ceil only N mod k may stay there. (Computed
    /// from the loads alone, independently of the balancer.)
    /// </summary>
    public int MinimumMoves()
    {
        var loads = Loads().Values.ToList();
        var total = _table.Count;
        var floor = total / loads.Count;
        var extra = total % loads.Count;
        if (extra == 0)
        {
            return loads.Sum(load => Math.Max(0, load - floor));
        }

        var atCeil = loads.Count(load => load >= floor + 1);
        return loads.Sum(load => Math.Max(0, load - floor - 1)) + Math.Max(0, atCeil - extra);
    }

    /// <summary>Every lease owned by a live worker, no handoff under way, loads within one of each other.</summary>
    public bool Converged(out string why)
    {
        foreach (var lease in _table.Values)
        {
            if (lease.LeaseOwner is null || !_live.Contains(lease.LeaseOwner) || lease.IsHandoffPending)
            {
                why = $"{lease.LeaseKey}: owner {lease.LeaseOwner ?? "none"}, checkpointOwner {lease.CheckpointOwner ?? "none"}";
                return false;
            }
        }

        var loads = Loads().Values;
        why = $"loads {loads.Min()}..{loads.Max()}";
        return loads.Max() - loads.Min() <= 1;
    }

    /// <summary>One balance interval of the whole fleet.</summary>
    public void Cycle()
    {
        foreach (var lease in _table.Values.ToList())
        {
            if (lease.CheckpointOwner is { } previous && _live.Contains(previous))
            {
                _table[lease.LeaseKey] = lease.HandoffCompleted();
            }
        }

        var plans = new List<(string Worker, BalancePlan Plan)>();
        var observations = Observe(_table.Values);
        foreach (var worker in _live)
        {
            var listed = _table.Values.ToArray();
            _random.Shuffle(listed);
            var snapshot = new LeaseSnapshot(worker, listed, observations, Now) { KnownWorkers = _heartbeats ? _live : [] };
            plans.Add((worker, LeaseBalancer.Plan(snapshot, _options)));
        }

        foreach (var (worker, plan) in plans.OrderBy(_ => _random.Next()))
        {
            foreach (var lease in plan.Take.Concat(plan.EndStalledHandoff))
            {
                Write(lease, current => current.TakenBy(worker), moved: false);
            }

            foreach (var lease in plan.Steal)
            {
                Write(lease, current => current.TakenBy(worker), moved: true);
            }

            foreach (var lease in plan.RequestHandoff)
            {
                Write(lease, current => current.IsHandoffPending ? null : current.HandoffRequestedTo(worker), moved: true);
            }

            foreach (var lease in plan.Release)
            {
                Write(lease, current => current.Released(), moved: false);
            }
        }
    }

    /// <summary>What a worker would have observed: a live owner's counter just changed, a dead one's long ago.</summary>
    private Dictionary<string, LeaseObservation> Observe(IEnumerable<Lease> listed)
    {
        var observations = new Dictionary<string, LeaseObservation>(StringComparer.Ordinal);
        foreach (var lease in listed)
        {
            var changedAt = lease.LeaseOwner is { } owner && !_live.Contains(owner) ? TimeSpan.Zero : Now;
            var handoffAt = lease.CheckpointOwner is { } previous && !_live.Contains(previous) ? TimeSpan.Zero : Now;
            observations[lease.LeaseKey] = new LeaseObservation(lease.LeaseCounter, changedAt, lease.CheckpointOwner, handoffAt);
        }

        return observations;
    }

    private void Write(Lease seen, Func<Lease, Lease?> change, bool moved)
    {
        var current = _table[seen.LeaseKey];
        if (current.LeaseCounter != seen.LeaseCounter || current.LeaseOwner != seen.LeaseOwner || change(current) is not { } next)
        {
            return;
        }

        _table[seen.LeaseKey] = next;
        if (moved)
        {
            _moves[seen.LeaseKey] = _moves.GetValueOrDefault(seen.LeaseKey) + 1;
        }
    }
}
