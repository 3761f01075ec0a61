using System.Collections.Immutable;
using KinesisFlow.Coordination.Leases;

namespace KinesisFlow.Leases;

/// <summary>
/// A shard this worker holds and should process, handed to the consumer's supervisor. <see cref="Revoked"/> is
/// cancelled (after <see cref="Revocation"/> is set) the moment the worker must stop processing it.
/// </summary>
public sealed class ShardLease : IDisposable
{
    private readonly CancellationTokenSource _revoked = new();
    private int _revocation;

    internal ShardLease(Lease lease)
    {
        ShardId = lease.LeaseKey;
        Checkpoint = lease.Checkpoint;
        ParentShardIds = lease.ParentShardIds;
        HashKeyRange = lease.HashKeyRange;
    }

    public string ShardId { get; }

    /// <summary>Where to resume: the checkpoint when this worker got the lease (a sentinel means the initial position).</summary>
    public ExtendedSequenceNumber Checkpoint { get; }

    public ImmutableArray<string> ParentShardIds { get; }

    public HashKeyRange? HashKeyRange { get; }

    public CancellationToken Revoked => _revoked.Token;

    public LeaseRevocation Revocation => (LeaseRevocation)Volatile.Read(ref _revocation);

    public void Dispose() => _revoked.Dispose();

    /// <summary>Sets the reason once (the first wins) and cancels <see cref="Revoked"/>.</summary>
    internal bool Revoke(LeaseRevocation reason)
    {
        if (Interlocked.CompareExchange(ref _revocation, (int)reason, (int)LeaseRevocation.None) != (int)LeaseRevocation.None)
        {
            return false;
        }

        _revoked.Cancel();
        return true;
    }
}
