using KinesisFlow.Coordination.Leases;

namespace KinesisFlow.Coordination.Tests.Leases;

/// <summary>Short-hands for leases and snapshots in balancer tests.</summary>
internal static class LeaseBuilder
{
    public static Lease Owned(string key, string? owner, long counter = 1) =>
        Lease.Create(key, ExtendedSequenceNumber.TrimHorizon) with { LeaseOwner = owner, LeaseCounter = counter };

    public static List<Lease> OwnedBy(string owner, int count, string prefix) =>
        [.. Enumerable.Range(0, count).Select(i => Owned($"{prefix}-{i:D3}", owner))];

    /// <summary>A snapshot where every lease was observed at <paramref name="observedAt"/> and it is now <paramref name="now"/>.</summary>
    public static LeaseSnapshot Snapshot(string me, IReadOnlyList<Lease> leases, TimeSpan observedAt = default, TimeSpan? now = null) =>
        new(
            me,
            leases,
            leases.ToDictionary(lease => lease.LeaseKey, lease => new LeaseObservation(lease.LeaseCounter, observedAt, lease.CheckpointOwner, observedAt)),
            now ?? observedAt);
}
