namespace KinesisFlow.Coordination.Leases;

/// <summary>
/// What this worker last saw of one lease, and when, on its own monotonic clock (time since its tracker started).
/// </summary>
/// <param name="Counter">The lease counter last seen.</param>
/// <param name="CounterChangedAt">When this worker first saw that counter value.</param>
/// <param name="CheckpointOwner">The handoff's previous owner last seen (null: no handoff).</param>
/// <param name="HandoffSeenAt">When this worker first saw the current handoff (meaningless without one).</param>
public readonly record struct LeaseObservation(long Counter, TimeSpan CounterChangedAt, string? CheckpointOwner, TimeSpan HandoffSeenAt);
