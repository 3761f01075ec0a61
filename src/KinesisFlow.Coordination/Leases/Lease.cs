using System.Collections.Immutable;

namespace KinesisFlow.Coordination.Leases;

/// <summary>
/// One shard's lease: one item of the lease table, with the KCL 2.x attribute set (names in comments). Immutable: every state change is one of the transition methods below, which both stores apply exactly, so
/// a worker that wrote a change knows the resulting state without reading it back.
/// </summary>
public sealed record Lease
{
    /// <summary><c>leaseKey</c>: the shard id (the table's hash key).</summary>
    public required string LeaseKey { get; init; }

    /// <summary><c>leaseOwner</c>: the worker id holding the lease, or null when nobody does.</summary>
    public string? LeaseOwner { get; init; }

    /// <summary><c>leaseCounter</c>: the fencing token, incremented by every renew, take, evict and checkpoint.</summary>
    public long LeaseCounter { get; init; }

    /// <summary><c>checkpoint</c> and <c>checkpointSubSequenceNumber</c>.</summary>
    public ExtendedSequenceNumber Checkpoint { get; init; } = ExtendedSequenceNumber.TrimHorizon;

    /// <summary><c>ownerSwitchesSinceCheckpoint</c>: how often the lease moved without progress (a stuck shard shows here).</summary>
    public long OwnerSwitchesSinceCheckpoint { get; init; }

    /// <summary><c>parentShardId</c> (a string set despite the singular name): parents that must reach SHARD_END first.</summary>
    public ImmutableArray<string> ParentShardIds { get; init; } = [];

    /// <summary><c>childShardIds</c>: written at shard end from the ChildShards of GetRecords.</summary>
    public ImmutableArray<string> ChildShardIds { get; init; } = [];

    /// <summary><c>startingHashKey</c>/<c>endingHashKey</c>; null on leases written by tools that omit them.</summary>
    public HashKeyRange? HashKeyRange { get; init; }

    /// <summary>
    /// <c>checkpointOwner</c>: during a graceful handoff, the previous owner that may still checkpoint; the new owner
    /// (<see cref="LeaseOwner"/>) does not process the shard until it is cleared.
    /// </summary>
    public string? CheckpointOwner { get; init; }

    /// <summary>The shard was processed to its end; nobody needs to own it any more.</summary>
    public bool IsFinished => Checkpoint.IsShardEnd;

    /// <summary>A graceful handoff is under way: <see cref="CheckpointOwner"/> is finishing, <see cref="LeaseOwner"/> waits.</summary>
    public bool IsHandoffPending => CheckpointOwner is not null;

    /// <summary>A new lease for a shard, unowned, starting at <paramref name="checkpoint"/>.</summary>
    public static Lease Create(string shardId, ExtendedSequenceNumber checkpoint, IEnumerable<string>? parentShardIds = null, HashKeyRange? hashKeyRange = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(shardId);
        return new Lease
        {
            LeaseKey = shardId,
            Checkpoint = checkpoint,
            ParentShardIds = parentShardIds is null ? [] : [.. parentShardIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            HashKeyRange = hashKeyRange,
        };
    }

    /// <summary>After a renew: same owner, counter + 1.</summary>
    public Lease Renewed() => this with { LeaseCounter = LeaseCounter + 1 };

    /// <summary>After a take or steal (or the new owner ending a stalled handoff): owner set, counter + 1, handoff cleared.</summary>
    public Lease TakenBy(string newOwner) => this with
    {
        LeaseOwner = newOwner,
        LeaseCounter = LeaseCounter + 1,
        OwnerSwitchesSinceCheckpoint = newOwner == LeaseOwner ? OwnerSwitchesSinceCheckpoint : OwnerSwitchesSinceCheckpoint + 1,
        CheckpointOwner = null,
    };

    /// <summary>After an evict or release: no owner, counter + 1.</summary>
    public Lease Released() => this with { LeaseOwner = null, LeaseCounter = LeaseCounter + 1, CheckpointOwner = null };

    /// <summary>
    /// After the owner checkpoints: counter + 1, owner switches reset. During a handoff the previous owner checkpoints
    /// without touching the counter, which belongs to the new owner's renewals.
    /// </summary>
    public Lease Checkpointed(ExtendedSequenceNumber checkpoint, IEnumerable<string>? childShardIds = null) => this with
    {
        Checkpoint = checkpoint,
        LeaseCounter = IsHandoffPending ? LeaseCounter : LeaseCounter + 1,
        OwnerSwitchesSinceCheckpoint = 0,
        ChildShardIds = childShardIds is null ? ChildShardIds : [.. childShardIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
    };

    /// <summary>After a handoff request: the new owner holds the lease, the old one may still checkpoint; counter + 1.</summary>
    public Lease HandoffRequestedTo(string newOwner) => this with
    {
        CheckpointOwner = LeaseOwner,
        LeaseOwner = newOwner,
        LeaseCounter = LeaseCounter + 1,
        OwnerSwitchesSinceCheckpoint = OwnerSwitchesSinceCheckpoint + 1,
    };

    /// <summary>After the previous owner let go: handoff cleared, counter unchanged (the new owner keeps renewing it).</summary>
    public Lease HandoffCompleted() => this with { CheckpointOwner = null };
}
