namespace KinesisFlow.Coordination.Leases;

/// <summary>What one worker should do this balancing cycle. Each lease appears in at most one action list.</summary>
public sealed record BalancePlan
{
    /// <summary>This worker's quota (<see cref="FleetBalance.Quotas"/>): floor or ceil of assignable leases / live workers, capped by the maximum.</summary>
    public required int Target { get; init; }

    /// <summary>Workers seen alive (known, or owning an unexpired lease), this one included.</summary>
    public required int LiveWorkers { get; init; }

    /// <summary>Unowned or expired leases to take (expired owners are dead; nobody is interrupted).</summary>
    public IReadOnlyList<Lease> Take { get; init; } = [];

    /// <summary>Leases to steal outright from workers above their quota (only when graceful handoff is off).</summary>
    public IReadOnlyList<Lease> Steal { get; init; } = [];

    /// <summary>Leases of workers above their quota to ask for: each owner checkpoints and lets go.</summary>
    public IReadOnlyList<Lease> RequestHandoff { get; init; } = [];

    /// <summary>Leases handed to this worker whose previous owner did not let go within the handoff timeout: take them.</summary>
    public IReadOnlyList<Lease> EndStalledHandoff { get; init; } = [];

    /// <summary>This worker's leases to keep renewing.</summary>
    public IReadOnlyList<Lease> Renew { get; init; } = [];

    /// <summary>This worker's leases beyond its maximum: release them.</summary>
    public IReadOnlyList<Lease> Release { get; init; } = [];

    public bool HasMoves => Take.Count + Steal.Count + RequestHandoff.Count + EndStalledHandoff.Count + Release.Count > 0;
}
