namespace KinesisFlow.Cli;

/// <summary>
/// Measures how long each owned lease's liveness (its counter, and its owner's heartbeat where it keeps one) has stayed
/// unchanged across <c>status</c>'s own refreshes, on this machine's monotonic clock — the same evidence a worker uses
/// to decide a lease expired. The lease item carries no time
/// that could be trusted across hosts, so none is read: the first refresh knows nothing, later ones bound the age.
/// </summary>
internal sealed class StatusRenewalObserver(TimeProvider time)
{
    private readonly Dictionary<string, Seen> _seen = new(StringComparer.Ordinal);
    private long? _previousRefresh;

    /// <summary>Records one refresh of the lease table and returns the renewal age of every owned lease.</summary>
    public IReadOnlyDictionary<string, RenewalAge> Observe(IReadOnlyList<StatusLease> leases)
    {
        var now = time.GetTimestamp();
        var ages = new Dictionary<string, RenewalAge>(StringComparer.Ordinal);
        var current = new HashSet<string>(StringComparer.Ordinal);
        foreach (var lease in leases)
        {
            if (lease.Owner is null)
            {
                continue;
            }

            current.Add(lease.ShardId);
            if (!_seen.TryGetValue(lease.ShardId, out var seen))
            {
                // First sight: unchanged since some unknown time.
                seen = new Seen(lease.Liveness, now, ChangedAfter: null);
            }
            else if (seen.Counter != lease.Liveness)
            {
                // Renewed between the previous refresh and this one.
                seen = new Seen(lease.Liveness, now, _previousRefresh);
            }

            _seen[lease.ShardId] = seen;
            ages[lease.ShardId] = new RenewalAge(
                time.GetElapsedTime(seen.FirstSeen, now),
                seen.ChangedAfter is { } after ? time.GetElapsedTime(after, now) : null);
        }

        foreach (var gone in _seen.Keys.Where(id => !current.Contains(id)).ToList())
        {
            _seen.Remove(gone);
        }

        _previousRefresh = now;
        return ages;
    }

    private readonly record struct Seen(long Counter, long FirstSeen, long? ChangedAfter);
}
