namespace KinesisFlow.Coordination.Leases;

/// <summary>The balancer's whole input about the world: one listing of the table and what this worker observed.</summary>
/// <param name="WorkerId">This worker (the one planning: a worker balancing for itself, or the leader for the fleet).</param>
/// <param name="Leases">Every lease of the table, as just listed.</param>
/// <param name="Observations">This worker's observations (<see cref="LeaseExpiryTracker.Observations"/>) after that listing.</param>
/// <param name="Now">Now on the same monotonic clock as the observations.</param>
public sealed record LeaseSnapshot(
    string WorkerId,
    IReadOnlyList<Lease> Leases,
    IReadOnlyDictionary<string, LeaseObservation> Observations,
    TimeSpan Now)
{
    /// <summary>
    /// Workers known to be alive whether or not they hold a lease (e.g. from heartbeat items), besides
    /// <see cref="WorkerId"/> and the owners of unexpired leases, which always count. Empty: alive means holding a lease,
    /// so a newcomer is invisible to its peers until it took its first lease.
    /// </summary>
    public IReadOnlyCollection<string> KnownWorkers { get; init; } = [];
}
