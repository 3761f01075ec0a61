namespace KinesisFlow.Coordination.Leases;

/// <summary>
/// Decides expiry without trusting anyone's wall clock: a lease is expired when its counter has not changed, on THIS
/// worker's monotonic clock, for longer than the lease duration — or, when its owner keeps a heartbeat item
/// (<see cref="WorkerHeartbeat"/>), when neither the lease's counter nor the owner's heartbeat counter has. A lease or
/// heartbeat first seen counts as just renewed (its owner gets a full duration); an unowned lease is available at once.
/// Not thread-safe: one balancing loop owns it.
/// </summary>
public sealed class LeaseExpiryTracker
{
    private readonly TimeProvider _time;
    private readonly long _origin;
    private readonly TimeSpan _leaseDuration;
    private Dictionary<string, LeaseObservation> _observations = new(StringComparer.Ordinal);
    private Dictionary<string, (long Counter, TimeSpan ChangedAt, bool Vouched)> _heartbeats = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Counter, TimeSpan Since)> _silent = new(StringComparer.Ordinal);
    private TimeSpan? _lastScan;

    public LeaseExpiryTracker(TimeProvider time, TimeSpan leaseDuration)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(leaseDuration, TimeSpan.Zero);
        _time = time;
        _origin = time.GetTimestamp();
        _leaseDuration = leaseDuration;
    }

    /// <summary>Now on this worker's monotonic clock (the time since the tracker started).</summary>
    public TimeSpan Now => _time.GetElapsedTime(_origin);

    public IReadOnlyDictionary<string, LeaseObservation> Observations => _observations;

    /// <summary>
    /// The workers whose heartbeat counter this tracker saw change within the lease duration, as of the last scan: alive
    /// whether or not they hold a lease, so that the balancer counts a newcomer in before its first lease. A heartbeat
    /// seen only once is not proof of life (a crashed worker's item stays in the table), so it counts only when it
    /// appeared since this tracker's previous scan (at most a lease duration earlier) with a counter of at most
    /// <see cref="FreshHeartbeatCounter"/> (the item was created by a worker that started moments ago), or when nobody
    /// owns any lease yet (a fleet starting on a new table, where waiting a scan would make the first planner take
    /// everything); otherwise its worker counts from the next scan that shows its counter moved. At a tracker's first
    /// scan a low counter proves nothing: a leader just elected would otherwise count the leftover item of a worker that
    /// crashed right after starting, minutes ago, and assign it leases nobody reads for a lease duration. Owners of
    /// unexpired leases count anyway (the balancer sees them).
    /// </summary>
    public IReadOnlyCollection<string> LiveWorkers { get; private set; } = [];

    /// <summary>
    /// A heartbeat counter this low, on an item that appeared since the previous scan, belongs to a worker that started
    /// within two renew intervals (its first heartbeat creates the item at 1) — or one that crashed that early, which
    /// then counts for one lease duration.
    /// </summary>
    public const long FreshHeartbeatCounter = 2;

    /// <summary>Records a fresh listing of the whole table; leases no longer listed are forgotten.</summary>
    public IReadOnlyDictionary<string, LeaseObservation> Observe(IEnumerable<Lease> leases)
    {
        ArgumentNullException.ThrowIfNull(leases);
        var now = Now;
        var next = new Dictionary<string, LeaseObservation>(StringComparer.Ordinal);
        foreach (var lease in leases)
        {
            next[lease.LeaseKey] = Next(_observations.TryGetValue(lease.LeaseKey, out var previous) ? previous : null, lease, now);
        }

        _observations = next;
        return next;
    }

    /// <summary>
    /// Records a scan of leases and heartbeats; returns the observations to judge expiry by: for a lease whose owner
    /// has a heartbeat item, the later of the lease's own last change and the owner's last heartbeat change.
    /// </summary>
    public IReadOnlyDictionary<string, LeaseObservation> Observe(LeaseTableScan scan)
    {
        ArgumentNullException.ThrowIfNull(scan);
        var now = Now;
        // Only a scan of its own, recent enough that nothing it missed can be older than a lease duration, tells this
        // tracker that an item it has not seen before was created since.
        var watching = _lastScan is { } last && now - last <= _leaseDuration;
        _lastScan = now;
        var beats = new Dictionary<string, (long Counter, TimeSpan ChangedAt, bool Vouched)>(StringComparer.Ordinal);
        foreach (var heartbeat in scan.Heartbeats)
        {
            beats[heartbeat.WorkerId] = _heartbeats.TryGetValue(heartbeat.WorkerId, out var seen)
                ? seen.Counter == heartbeat.Counter ? seen : (heartbeat.Counter, now, true)
                : (heartbeat.Counter, now, watching && heartbeat.Counter <= FreshHeartbeatCounter);
        }

        _heartbeats = beats;
        var coldStart = true;
        foreach (var lease in scan.Leases)
        {
            coldStart &= lease.LeaseOwner is null || lease.IsFinished;
        }

        var live = new List<string>(beats.Count);
        foreach (var (worker, beat) in beats)
        {
            if (now - beat.ChangedAt <= _leaseDuration && (beat.Vouched || coldStart))
            {
                live.Add(worker);
            }
        }

        LiveWorkers = live;
        var observations = Observe(scan.Leases);
        var effective = new Dictionary<string, LeaseObservation>(observations.Count, StringComparer.Ordinal);
        foreach (var lease in scan.Leases)
        {
            var observation = observations[lease.LeaseKey];
            if (lease.LeaseOwner is { } silentOwner
                && _silent.TryGetValue(silentOwner, out var silent) && beats.TryGetValue(silentOwner, out var still) && still.Counter == silent.Counter)
            {
                // Known silent since then (AssumeSilentSince), and this tracker has not watched the lease meanwhile:
                // what it remembers of it is older, so judge the lease by its owner's silence alone.
                observation = observation with { CounterChangedAt = silent.Since };
                _observations[lease.LeaseKey] = observation;
            }

            if (lease.LeaseOwner is { } owner && beats.TryGetValue(owner, out var beat) && beat.ChangedAt > observation.CounterChangedAt)
            {
                observation = observation with { CounterChangedAt = beat.ChangedAt };
            }

            effective[lease.LeaseKey] = observation;
        }

        _silent.Clear();
        return effective;
    }

    /// <summary>
    /// What another observer knew before this one started watching: <paramref name="workerId"/>'s heartbeat has stood at
    /// <paramref name="heartbeatCounter"/> since <paramref name="since"/> on this clock (a leader taking over from a
    /// silent one). If the next scan still shows that counter, the heartbeat and the worker's leases in it are judged
    /// from then, not given a full duration; a heartbeat that moved on meanwhile is judged as usual.
    /// </summary>
    public void AssumeSilentSince(string workerId, long heartbeatCounter, TimeSpan since)
    {
        ArgumentException.ThrowIfNullOrEmpty(workerId);
        _silent[workerId] = (heartbeatCounter, since);
        if (!_heartbeats.TryGetValue(workerId, out var seen) || seen.Counter != heartbeatCounter || seen.ChangedAt > since)
        {
            _heartbeats[workerId] = (heartbeatCounter, since, false);
        }
    }

    /// <summary>Records one lease seen outside a listing (e.g. after this worker wrote it).</summary>
    public void Observe(Lease lease)
    {
        ArgumentNullException.ThrowIfNull(lease);
        _observations[lease.LeaseKey] = Next(_observations.TryGetValue(lease.LeaseKey, out var previous) ? previous : null, lease, Now);
    }

    public bool IsExpired(Lease lease) =>
        IsExpired(lease, _observations.TryGetValue(lease.LeaseKey, out var seen) ? seen : null, Now, _leaseDuration);

    /// <summary>The rule itself, pure: owned, seen at this counter, and unchanged for longer than the duration.</summary>
    public static bool IsExpired(Lease lease, LeaseObservation? observation, TimeSpan now, TimeSpan leaseDuration)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return lease.LeaseOwner is not null
            && observation is { } seen
            && seen.Counter == lease.LeaseCounter
            && now - seen.CounterChangedAt > leaseDuration;
    }

    private static LeaseObservation Next(LeaseObservation? previous, Lease lease, TimeSpan now)
    {
        // Unowned leases need no clock: they are available whatever the observation says.
        var counterChangedAt = previous is { } p && p.Counter == lease.LeaseCounter ? p.CounterChangedAt : now;
        var handoffSeenAt = previous is { } q && q.CheckpointOwner == lease.CheckpointOwner ? q.HandoffSeenAt : now;
        return new LeaseObservation(lease.LeaseCounter, counterChangedAt, lease.CheckpointOwner, handoffSeenAt);
    }
}
