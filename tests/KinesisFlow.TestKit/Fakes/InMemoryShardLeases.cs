using System.Collections.Concurrent;
using KinesisFlow.Aws;
using KinesisFlow.Consumer.Supervision;
using KinesisFlow.Leases;

namespace KinesisFlow.TestKit.Fakes;

/// <summary>One write a shard task made to its lease: a sequence number or SHARD_END (with the children it named).</summary>
public sealed record CheckpointWrite(string ShardId, string Checkpoint, bool Accepted, IReadOnlyList<ChildShard> Children);

/// <summary>
/// The lease side of a worker in memory, with the lease table's contract: only a held lease takes a checkpoint (a
/// write to a lost one is refused with <c>false</c>, and still recorded, so a test sees it was attempted), a checkpoint
/// never goes back, nothing follows SHARD_END, and a parent counts as finished only at SHARD_END. Every write is also
/// shown to <see cref="CheckpointGuard"/>, which may declare it a violation (e.g. "a record at or before it was not
/// acknowledged by every sink"): violations are collected in <see cref="Violations"/> for the test to assert empty.
/// </summary>
public sealed class InMemoryShardLeases(string workerId = "worker") : IShardLeases
{
    public const string ShardEnd = "SHARD_END";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, string?> _owned = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _checkpoints = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LeaseRevocation> _revoked = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string[]> _parents = new(StringComparer.Ordinal);
    private readonly List<CheckpointWrite> _writes = [];
    private readonly ConcurrentQueue<string> _violations = new();
    private readonly ConcurrentQueue<string> _released = new();
    private readonly ConcurrentDictionary<string, (long? MillisBehindLatest, DateTimeOffset? OldestUnacknowledgedArrival)> _lags = new(StringComparer.Ordinal);

    public string WorkerId { get; } = workerId;

    public event EventHandler? Changed;

    /// <summary>Shown every write (shard, checkpoint) before it is applied; returns a violation to record, or null.</summary>
    public Func<string, string, string?>? CheckpointGuard { get; set; }

    /// <summary>Every checkpoint write attempted, in order.</summary>
    public IReadOnlyList<CheckpointWrite> Writes
    {
        get
        {
            lock (_gate)
            {
                return [.. _writes];
            }
        }
    }

    public IReadOnlyCollection<string> Violations => _violations;

    /// <summary>Leases let go after a handoff, in order.</summary>
    public IReadOnlyCollection<string> Released => _released;

    /// <summary>The checkpoint of a shard's lease (held or not); null when none.</summary>
    public string? CheckpointOf(string shardId)
    {
        lock (_gate)
        {
            return _checkpoints.GetValueOrDefault(shardId);
        }
    }

    /// <summary>The lag inputs the shard's task reported last.</summary>
    public (long? MillisBehindLatest, DateTimeOffset? OldestUnacknowledgedArrival) LagOf(string shardId) => _lags.GetValueOrDefault(shardId);

    /// <summary>This worker now holds the shard's lease, at <paramref name="checkpoint"/> (null: none yet).</summary>
    public void Grant(string shardId, string? checkpoint = null)
    {
        lock (_gate)
        {
            _owned[shardId] = checkpoint;
            _checkpoints[shardId] = checkpoint;
            _revoked.Remove(shardId);
        }

        Changed?.Invoke(this, EventArgs.Empty);
    }

    /// <summary>The lease stops being this worker's, for <paramref name="why"/> (a peer took it; a peer asked for it...).</summary>
    public void Revoke(string shardId, LeaseRevocation why = LeaseRevocation.Lost)
    {
        lock (_gate)
        {
            _owned.Remove(shardId);
            _revoked[shardId] = why;
        }

        Changed?.Invoke(this, EventArgs.Empty);
    }

    /// <summary>The shard is a child of these parents (resharding): its task waits until they reach SHARD_END.</summary>
    public void SetParents(string shardId, params string[] parents)
    {
        lock (_gate)
        {
            _parents[shardId] = parents;
        }
    }

    public IReadOnlyCollection<OwnedShard> Owned()
    {
        lock (_gate)
        {
            return [.. _owned.Select(lease => new OwnedShard(lease.Key, lease.Value))];
        }
    }

    public LeaseRevocation RevocationOf(string shardId)
    {
        lock (_gate)
        {
            return _revoked.GetValueOrDefault(shardId, LeaseRevocation.None);
        }
    }

    public ValueTask<bool> ParentsCompletedAsync(string shardId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var parents = _parents.GetValueOrDefault(shardId) ?? [];
            return ValueTask.FromResult(parents.All(parent => !_checkpoints.TryGetValue(parent, out var checkpoint) || checkpoint == ShardEnd));
        }
    }

    public ValueTask<bool> CheckpointAsync(string shardId, string sequenceNumber, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Write(shardId, sequenceNumber, []));

    public ValueTask<bool> CheckpointShardEndAsync(string shardId, IReadOnlyList<ChildShard> childShards, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Write(shardId, ShardEnd, childShards));

    public ValueTask ReleaseAsync(string shardId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _owned.Remove(shardId);
            _revoked[shardId] = LeaseRevocation.Released;
        }

        _released.Enqueue(shardId);
        return ValueTask.CompletedTask;
    }

    public void ReportLag(string shardId, long? millisBehindLatest, DateTimeOffset? oldestUnacknowledgedArrival) =>
        _lags[shardId] = (millisBehindLatest, oldestUnacknowledgedArrival);

    private bool Write(string shardId, string checkpoint, IReadOnlyList<ChildShard> children)
    {
        if (CheckpointGuard?.Invoke(shardId, checkpoint) is { } violation)
        {
            _violations.Enqueue($"{shardId} at {checkpoint}: {violation}");
        }

        lock (_gate)
        {
            var held = _owned.ContainsKey(shardId);
            _writes.Add(new CheckpointWrite(shardId, checkpoint, held, children));
            if (!held)
            {
                return false;
            }

            var previous = _checkpoints.GetValueOrDefault(shardId);
            if (previous == ShardEnd || (checkpoint != ShardEnd && IsSequence(previous) && SequenceNumbers.Compare(checkpoint, previous!) <= 0))
            {
                _violations.Enqueue($"{shardId}: checkpoint {checkpoint} after {previous} does not move forward");
            }

            _checkpoints[shardId] = checkpoint;
            _owned[shardId] = checkpoint;
            return true;
        }
    }

    private static bool IsSequence(string? checkpoint) => checkpoint is not null && checkpoint.Length > 0 && char.IsAsciiDigit(checkpoint[0]);
}
