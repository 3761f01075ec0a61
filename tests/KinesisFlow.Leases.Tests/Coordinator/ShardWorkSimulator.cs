using System.Collections.Concurrent;
using KinesisFlow.Coordination.Leases;

namespace KinesisFlow.Leases.Tests.Coordinator;

/// <summary>
/// Stands in for the consumer's supervisor: one task per owned shard that checkpoints ever-increasing numbers (drawn
/// from one counter shared by the whole fleet) until its lease is revoked; on a handoff request it checkpoints once
/// more and lets go. Every successful checkpoint is recorded with the ownership epoch that wrote it.
/// </summary>
internal sealed class ShardWorkSimulator : IAsyncDisposable
{
    private static long s_sequence;

    private readonly LeaseCoordinator _coordinator;
    private readonly ConcurrentBag<CheckpointRecord> _log;
    private readonly ConcurrentDictionary<ShardLease, Task> _tasks = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _supervisor;
    private int _disposed;

    public ShardWorkSimulator(LeaseCoordinator coordinator, ConcurrentBag<CheckpointRecord> log)
    {
        _coordinator = coordinator;
        _log = log;
        _supervisor = Task.Run(SuperviseAsync);
    }

    /// <summary>
    /// Every lease the coordinator gives out has a shard task, and every task whose lease was revoked has finished
    /// (a handoff asked of it checkpointed and let go): nothing is left for the tasks to do until the cycles run again.
    /// </summary>
    public bool Settled =>
        _coordinator.OwnedLeases.All(_tasks.ContainsKey)
        && _tasks.All(pair => pair.Key.Revocation == LeaseRevocation.None || pair.Value.IsCompleted);

    /// <summary>Stops every shard task (each writes a last checkpoint if it still may), then the supervisor.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync();
        await _supervisor;
        await Task.WhenAll(_tasks.Values);
        _stopping.Dispose();
    }

    private async Task SuperviseAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            foreach (var lease in _coordinator.OwnedLeases)
            {
                _ = _tasks.GetOrAdd(lease, owned => Task.Run(() => ProcessAsync(owned)));
            }

            try
            {
                await Task.Delay(20, _stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task ProcessAsync(ShardLease lease)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(lease.Revoked, _stopping.Token);
        try
        {
            while (!stop.IsCancellationRequested)
            {
                if (!await CheckpointAsync(lease))
                {
                    return;
                }

                await Task.Delay(15, stop.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // Revoked or stopping: handled below.
        }

        if (lease.Revocation == LeaseRevocation.HandoffRequested || (lease.Revocation == LeaseRevocation.None && _stopping.IsCancellationRequested))
        {
            await CheckpointAsync(lease);
        }

        if (lease.Revocation == LeaseRevocation.HandoffRequested)
        {
            await _coordinator.ReleaseAsync(lease.ShardId, CancellationToken.None);
        }
    }

    private async Task<bool> CheckpointAsync(ShardLease lease)
    {
        var value = Interlocked.Increment(ref s_sequence);
        var written = await _coordinator.CheckpointAsync(lease.ShardId, new ExtendedSequenceNumber(value.ToString(System.Globalization.CultureInfo.InvariantCulture)), CancellationToken.None);
        if (written)
        {
            _log.Add(new CheckpointRecord(lease.ShardId, _coordinator.WorkerId, lease, value));
        }

        return written;
    }
}

/// <summary>A checkpoint that succeeded: which shard, which worker, which ownership epoch (the handle), which value.</summary>
internal sealed record CheckpointRecord(string ShardId, string WorkerId, ShardLease Epoch, long Value);
