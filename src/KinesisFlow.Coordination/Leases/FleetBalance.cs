namespace KinesisFlow.Coordination.Leases;

/// <summary>
/// The whole fleet's balancing plan computed from one snapshot (<see cref="LeaseBalancer.Assign"/>): every worker's
/// share and every lease that must change hands to reach it. The same snapshot always gives the same plan, so a leader
/// can execute all of it, or every worker the moves <see cref="LeaseMove.To"/> itself, without two of them disagreeing.
/// </summary>
public sealed record FleetBalance
{
    /// <summary>Leases each live worker should hold once the moves are done, by worker id: within one of each other (or capped).</summary>
    public required IReadOnlyDictionary<string, int> Quotas { get; init; }

    /// <summary>Leases each live worker holds now (pending handoffs count for their new owner), by worker id.</summary>
    public required IReadOnlyDictionary<string, int> Loads { get; init; }

    /// <summary>Every lease to take or move, each at most once, ordered by receiving worker then lease key.</summary>
    public required IReadOnlyList<LeaseMove> Moves { get; init; }

    /// <summary>Leases that must leave an overloaded worker but could not this cycle (a handoff under way, or the per-cycle limit).</summary>
    public int Deferred { get; init; }
}
