namespace KinesisFlow.Coordination.Leases;

/// <summary>One lease the fleet's plan gives to a worker.</summary>
/// <param name="Lease">The lease as listed (the conditional write's <c>seen</c>).</param>
/// <param name="To">The worker that gets it.</param>
/// <param name="FromLiveOwner">
/// True when a live worker holds it now: a balancing move (graceful handoff, or a steal with handoff off). False when
/// nobody does (unowned, or its owner's lease expired): a plain take that interrupts nobody.
/// </param>
public sealed record LeaseMove(Lease Lease, string To, bool FromLiveOwner);
