using System.Collections.Concurrent;
using KinesisFlow.Coordination.Leases;
using Microsoft.Extensions.Logging;

namespace KinesisFlow.Leases;

/// <summary>
/// What one worker holds, shared by the parts of the protocol (renewer, taker, fencer, balance cycle): the leases it
/// holds, is being handed or is handing off, the leases a cut-off write may have made its own, whether stopping began,
/// and the monotonic clock every one of them measures with. Dropping a lease revokes its handle and tells the consumer.
/// </summary>
internal sealed class HeldLeases(string workerId, LeaseExpiryTracker tracker, ILogger logger, LeaseInstruments? telemetry)
{
    private volatile bool _stopping;

    public string WorkerId { get; } = workerId;

    public LeaseExpiryTracker Tracker { get; } = tracker;

    public ILogger Logger { get; } = logger;

    public LeaseInstruments? Telemetry { get; } = telemetry;

    public ConcurrentDictionary<string, HeldLease> Held { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Leases a write may have made this worker's without it knowing (a take or handoff request cancelled, timed out or
    /// cut off after it was sent): resolved by the next listing while running, by re-reading them when stopping.
    /// </summary>
    public ConcurrentDictionary<string, byte> InDoubt { get; } = new(StringComparer.Ordinal);

    /// <summary>The last owner-index query answered (the index exists and is ACTIVE): a follower learns its leases from it instead of scanning.</summary>
    public bool OwnerIndexUsable { get; set; }

    /// <summary>Stopping began: no take, steal, handoff request or handoff acceptance starts any more.</summary>
    public bool Stopping => _stopping;

    /// <summary>Now on this worker's monotonic clock.</summary>
    public TimeSpan Now => Tracker.Now;

    /// <summary>Raised whenever a shard is gained or revoked.</summary>
    public event EventHandler? Changed;

    public void StopTaking() => _stopping = true;

    /// <summary>The shards this worker should be processing now.</summary>
    public IReadOnlyList<ShardLease> Owned()
    {
        var owned = new List<ShardLease>();
        foreach (var held in Held.Values)
        {
            if (held.Handle is { Revocation: LeaseRevocation.None } handle)
            {
                owned.Add(handle);
            }
        }

        return owned;
    }

    /// <summary>Forgets a lease and revokes its handle; the caller holds its gate or owns it exclusively.</summary>
    public void Drop(HeldLease held, LeaseRevocation reason)
    {
        if (!Held.TryRemove(new KeyValuePair<string, HeldLease>(held.Key, held)))
        {
            return;
        }

        if (reason == LeaseRevocation.Lost)
        {
            LeaseCoordinatorLog.Lost(Logger, WorkerId, held.Key);
            Telemetry?.LeaseLost(WorkerId);
        }
        else
        {
            LeaseCoordinatorLog.Released(Logger, WorkerId, held.Key, reason);
            if (reason == LeaseRevocation.Released)
            {
                Telemetry?.LeaseHandedOff(WorkerId);
            }
        }

        held.Handle?.Revoke(reason);
        RaiseChanged();
    }

    public void RaiseChanged() => Changed?.Invoke(this, EventArgs.Empty);
}
