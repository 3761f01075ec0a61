using KinesisFlow.Coordination.Leases;
using Microsoft.Extensions.Time.Testing;

namespace KinesisFlow.Coordination.Tests.Leases;

/// <summary>
/// A fleet of workers running the balancer against one <see cref="InMemoryLeaseStore"/> on one fake clock. Each round
/// every live worker lists the table and plans first, then all act in a random order, the worst interleaving for
/// conflicting plans. A worker asked to hand a lease over lets go at its next round (its shard task checkpointed).
/// </summary>
internal sealed class FleetSimulation
{
    private readonly InMemoryLeaseStore _store = new();
    private readonly FakeTimeProvider _time = new();
    private readonly Dictionary<string, (LeaseExpiryTracker Tracker, Random Random)> _live = new(StringComparer.Ordinal);
    private readonly Random _order;
    private readonly int _seed;
    private int _nextWorker;

    public FleetSimulation(int leaseCount, int seed, LeaseOptions options)
    {
        Options = options;
        _seed = seed;
        _order = new Random(seed);
        for (var i = 0; i < leaseCount; i++)
        {
            Wait(_store.CreateIfAbsentAsync(Lease.Create($"shard-{i:D3}", ExtendedSequenceNumber.TrimHorizon), CancellationToken.None));
        }
    }

    public LeaseOptions Options { get; }

    public IReadOnlyCollection<string> LiveWorkers => _live.Keys;

    /// <summary>Ownership changes made so far (takes of owned leases, steals, handoff requests, releases).</summary>
    public int Moves { get; private set; }

    public IReadOnlyList<Lease> Leases => Wait(_store.ListAsync(CancellationToken.None));

    public void Join()
    {
        var id = $"worker-{_nextWorker++}";
        _live[id] = (new LeaseExpiryTracker(_time, Options.LeaseDuration), new Random(HashCode.Combine(_seed, id)));
    }

    /// <summary>A worker leaves: gracefully (releases everything) or abruptly (its leases expire).</summary>
    public void Leave(int index, bool graceful)
    {
        var id = _live.Keys.Order(StringComparer.Ordinal).ElementAt(index % _live.Count);
        _live.Remove(id);
        if (graceful)
        {
            foreach (var lease in Leases.Where(lease => lease.LeaseOwner == id))
            {
                Wait(_store.ReleaseAsync(lease, CancellationToken.None));
            }
        }
    }

    public void Round()
    {
        var plans = new List<(string Worker, IReadOnlyList<Lease> Listed, BalancePlan Plan)>();
        foreach (var (id, (tracker, random)) in _live.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            var listed = Leases;
            var observations = tracker.Observe(listed);
            plans.Add((id, listed, LeaseBalancer.Plan(new LeaseSnapshot(id, listed, observations, tracker.Now), Options, random)));
        }

        foreach (var (worker, listed, plan) in plans.OrderBy(_ => _order.Next()))
        {
            Act(worker, listed, plan);
        }

        _time.Advance(Options.EffectiveBalanceInterval);
    }

    /// <summary>Every lease owned by exactly one live worker, no handoff pending, loads within one of each other.</summary>
    public bool Converged(out string why)
    {
        var leases = Leases;
        var loads = _live.Keys.ToDictionary(id => id, _ => 0, StringComparer.Ordinal);
        foreach (var lease in leases)
        {
            if (lease.LeaseOwner is null || !loads.TryGetValue(lease.LeaseOwner, out var load) || lease.CheckpointOwner is not null)
            {
                why = $"{lease.LeaseKey} owner {lease.LeaseOwner ?? "none"}, checkpointOwner {lease.CheckpointOwner ?? "none"}";
                return false;
            }

            loads[lease.LeaseOwner] = load + 1;
        }

        why = $"loads {string.Join(",", loads.Values)}";
        return loads.Count == 0 || loads.Values.Max() - loads.Values.Min() <= 1;
    }

    private static T Wait<T>(Task<T> task) => task.GetAwaiter().GetResult();

    private void Act(string worker, IReadOnlyList<Lease> listed, BalancePlan plan)
    {
        foreach (var lease in listed.Where(lease => lease.CheckpointOwner == worker && lease.LeaseOwner != worker))
        {
            Wait(_store.CompleteHandoffAsync(lease, CancellationToken.None));
        }

        foreach (var lease in plan.Renew)
        {
            Wait(_store.RenewAsync(lease, CancellationToken.None));
        }

        foreach (var lease in plan.Take.Concat(plan.Steal).Concat(plan.EndStalledHandoff))
        {
            Count(Wait(_store.TakeAsync(lease, worker, CancellationToken.None)) && lease.LeaseOwner is not null && lease.LeaseOwner != worker);
        }

        foreach (var lease in plan.RequestHandoff)
        {
            Count(Wait(_store.RequestHandoffAsync(lease, worker, CancellationToken.None)));
        }

        foreach (var lease in plan.Release)
        {
            Count(Wait(_store.ReleaseAsync(lease, CancellationToken.None)));
        }
    }

    private void Count(bool moved) => Moves += moved ? 1 : 0;
}
