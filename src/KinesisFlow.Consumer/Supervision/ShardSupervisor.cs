using KinesisFlow.Consumer.Configuration;
using KinesisFlow.Consumer.Lifecycle;
using KinesisFlow.Coordination.Checkpointing;
using KinesisFlow.Coordination.Retries;
using KinesisFlow.Leases;
using Microsoft.Extensions.Logging;

namespace KinesisFlow.Consumer.Supervision;

/// <summary>
/// Keeps one task per owned shard. Every cycle it reconciles the running tasks with the leases this worker holds:
/// starts newly owned shards, stops lost ones at once (no checkpoint: the new owner holds the fencing token), and
/// restarts a faulted one after an <see cref="ExponentialBackoff"/> per fault in a row. A shard's failure stays in its task;
/// the supervisor and every other shard carry on. On shutdown every task stops gracefully (drain, checkpoint) while
/// the lease worker keeps renewing; releasing the leases comes after (<see cref="ConsumerHostedService"/>).
/// </summary>
internal sealed partial class ShardSupervisor
{
    private readonly ShardConsumerServices _services;
    private readonly SupervisorOptions _options;
    private readonly ExponentialBackoff _restartBackoff;
    private readonly Func<double> _draw;
    private readonly ILogger _logger;
    private readonly Dictionary<string, RunningShard> _running = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FaultRecord> _faults = new(StringComparer.Ordinal);
    private readonly HashSet<string> _ended = new(StringComparer.Ordinal);
    private readonly WakeSignal _wake = new();

    /// <param name="services">What every shard task shares.</param>
    /// <param name="options">Reconciliation interval and restart backoff.</param>
    /// <param name="draw">Uniform draws in [0, 1) for the restart backoff's jitter (<see cref="Random.Shared"/> when null); tests fix them.</param>
    public ShardSupervisor(ShardConsumerServices services, SupervisorOptions options, Func<double>? draw = null)
    {
        _services = services;
        _options = options;
        _restartBackoff = options.ToRestartBackoff();
        _draw = draw ?? Random.Shared.NextDouble;
        _logger = services.LoggerFactory.CreateLogger<ShardSupervisor>();
    }

    /// <summary>Shard ids with a task right now (running or stopping), for progress reports and tests.</summary>
    public IReadOnlyCollection<string> RunningShards => [.. _running.Keys];

    /// <summary>
    /// Reconciles every <see cref="SupervisorOptions.ReconcileInterval"/>, and at once whenever a lease is gained or
    /// revoked or a shard task ends, until <paramref name="stopping"/>; then stops every shard gracefully.
    /// </summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(_options.ReconcileInterval, _services.Time);
        EventHandler wake = (_, _) => _wake.Set();
        _services.Leases.Changed += wake;
        try
        {
            Task<bool>? tick = null;
            Task? woken = null;
            while (true)
            {
                stopping.ThrowIfCancellationRequested();

                // Re-armed before reconciling: a change during the pass wakes the next one instead of being lost.
                _wake.Reset();
                if (woken is { IsCompleted: true })
                {
                    woken = null;
                }

                await ReconcileAsync(stopping);
                tick ??= timer.WaitForNextTickAsync(stopping).AsTask();
                woken ??= _wake.WaitAsync(stopping);
                if (await Task.WhenAny(tick, woken) == tick)
                {
                    if (!await tick)
                    {
                        break;
                    }

                    tick = null;
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Host shutdown: fall through to the graceful stop.
        }
        finally
        {
            _services.Leases.Changed -= wake;
        }

        await StopAllAsync();
    }

    /// <summary>One reconciliation cycle.</summary>
    public async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        var owned = new HashSet<string>(StringComparer.Ordinal);
        foreach (var lease in _services.Leases.Owned())
        {
            owned.Add(lease.ShardId);
        }

        await CollectFinishedAsync(cancellationToken);
        foreach (var (shardId, running) in _running)
        {
            if (!owned.Contains(shardId) && running.Consumer.Lifecycle.StopReason is null)
            {
                StopRevoked(shardId, running.Consumer);
            }
        }

        _ended.IntersectWith(owned);
        foreach (var shardId in _faults.Keys.Where(id => !owned.Contains(id)).ToList())
        {
            // A shard waiting out its restart backoff has no task to checkpoint: a handoff asked for it goes at once.
            _faults.Remove(shardId);
            if (_services.Leases.RevocationOf(shardId) == LeaseRevocation.HandoffRequested)
            {
                await _services.Leases.ReleaseAsync(shardId, cancellationToken);
            }
        }

        var now = _services.Time.Monotonic();
        foreach (var shardId in owned)
        {
            if (_running.ContainsKey(shardId) || _ended.Contains(shardId))
            {
                continue;
            }

            if (_faults.TryGetValue(shardId, out var fault) && now < fault.RestartAt)
            {
                continue;
            }

            Start(shardId);
        }
    }

    /// <summary>
    /// A peer asked for the lease (graceful handoff): checkpoint what was acknowledged, then let go. Anything else
    /// (taken, expired) is a lost lease: stop at once without checkpointing.
    /// </summary>
    private void StopRevoked(string shardId, ShardConsumer consumer)
    {
        switch (_services.Leases.RevocationOf(shardId))
        {
            case LeaseRevocation.HandoffRequested:
                LogHandingOff(shardId);
                consumer.RequestStop(ShardStopReason.ShutdownRequested);
                break;
            case LeaseRevocation.ShardEnded or LeaseRevocation.Released:
                // The task ended the shard or let it go itself; it is finishing.
                break;
            default:
                LogLeaseLost(shardId);
                consumer.RequestStop(ShardStopReason.LeaseLost);
                break;
        }
    }

    private void Start(string shardId)
    {
        var consumer = new ShardConsumer(shardId, _services);
        // Task.Run: a shard's synchronous stretches (decoding) never hold up the supervisor or another shard.
        var task = Task.Run(consumer.RunAsync);
        // An ended task is collected at once: a shard handed off lets go of its lease without waiting for the interval.
        _ = task.ContinueWith(static (_, wake) => ((WakeSignal)wake!).Set(), _wake, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        _running[shardId] = new RunningShard(consumer, task);
    }

    private async Task CollectFinishedAsync(CancellationToken cancellationToken)
    {
        foreach (var (shardId, running) in _running.Where(pair => pair.Value.Task.IsCompleted).ToList())
        {
            _running.Remove(shardId);
            running.Consumer.Dispose();
            if (_services.Leases.RevocationOf(shardId) == LeaseRevocation.HandoffRequested)
            {
                // Its last checkpoint is written: the peer that asked takes the lease at once.
                await _services.Leases.ReleaseAsync(shardId, cancellationToken);
                continue;
            }

            if (running.Task.IsFaulted)
            {
                var faults = _faults.TryGetValue(shardId, out var previous) ? previous.InARow + 1 : 1;
                var delay = _restartBackoff.DelayAfter(faults, _draw());
                _faults[shardId] = new FaultRecord(faults, _services.Time.Monotonic() + delay);
                LogRestartScheduled(shardId, faults, delay);
                continue;
            }

            _faults.Remove(shardId);
            if (running.Consumer.Lifecycle.StopReason == ShardStopReason.ShardEnded)
            {
                // Finished for good; the lease coordinator retires the lease and starts the children.
                _ended.Add(shardId);
            }
        }
    }

    private async Task StopAllAsync()
    {
        foreach (var running in _running.Values)
        {
            running.Consumer.RequestStop(ShardStopReason.ShutdownRequested);
        }

        foreach (var running in _running.Values)
        {
            try
            {
                await running.Task;
            }
            catch (Exception exception)
            {
                // Already logged by the shard; shutdown carries on with the others.
                LogStopFailed(exception, running.Consumer.ShardId);
            }

            running.Consumer.Dispose();
        }

        _running.Clear();
        LogAllStopped(_services.Leases.WorkerId);
    }

    [LoggerMessage(EventId = 351, Level = LogLevel.Information, Message = "Shard {ShardId}: a peer asked for the lease; checkpointing and handing it over")]
    private partial void LogHandingOff(string shardId);

    [LoggerMessage(EventId = 352, Level = LogLevel.Information, Message = "Shard {ShardId}: lease lost; stopping without checkpointing")]
    private partial void LogLeaseLost(string shardId);

    [LoggerMessage(EventId = 353, Level = LogLevel.Warning, Message = "Shard {ShardId}: fault {Faults} in a row; restarting in {Delay}")]
    private partial void LogRestartScheduled(string shardId, int faults, TimeSpan delay);

    [LoggerMessage(EventId = 354, Level = LogLevel.Warning, Message = "Shard {ShardId} did not stop cleanly")]
    private partial void LogStopFailed(Exception exception, string shardId);

    [LoggerMessage(EventId = 355, Level = LogLevel.Information, Message = "Worker {WorkerId} stopped every shard")]
    private partial void LogAllStopped(string workerId);

    private readonly record struct RunningShard(ShardConsumer Consumer, Task Task);

    private readonly record struct FaultRecord(int InARow, TimeSpan RestartAt);
}
