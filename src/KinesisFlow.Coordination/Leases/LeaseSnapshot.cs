namespace KinesisFlow.Coordination.Leases;

/// <summary>The balancer's whole input about the world: one listing of the table and what this worker observed.</summary>
/// <param name="WorkerId">This worker.</param>
/// <param name="Leases">Every lease of the table, as just listed.</param>
/// <param name="Observations">This worker's observations (<see cref="LeaseExpiryTracker.Observations"/>) after that listing.</param>
/// <param name="Now">Now on the same monotonic clock as the observations.</param>
public sealed record LeaseSnapshot(
    string WorkerId,
    IReadOnlyList<Lease> Leases,
    IReadOnlyDictionary<string, LeaseObservation> Observations,
    TimeSpan Now);
