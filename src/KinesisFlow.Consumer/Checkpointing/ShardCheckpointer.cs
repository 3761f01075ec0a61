using KinesisFlow.Aws;
using KinesisFlow.Consumer.Retrieval;
using KinesisFlow.Consumer.Supervision;
using KinesisFlow.Consumer.Telemetry;
using KinesisFlow.Coordination.Checkpointing;
using Microsoft.Extensions.Logging;

namespace KinesisFlow.Consumer.Checkpointing;

/// <summary>
/// One shard's at-least-once bookkeeping: every delivery is registered in stream order, acknowledged once all sinks
/// (and the dead-letter sink) hold it, and the acknowledged prefix is checkpointed per <see cref="CheckpointPolicy"/>.
/// Thread-safe: decoding registers while the acknowledging loop acknowledges and checkpoints.
/// </summary>
internal sealed partial class ShardCheckpointer
{
    private readonly Lock _gate = new();
    private readonly AcknowledgementLedger _ledger = new();
    private readonly CheckpointPolicy _policy;
    private readonly IShardLeases _leases;
    private readonly string _streamName;
    private readonly string _shardId;
    private readonly TimeProvider _time;
    private readonly ConsumerInstruments _telemetry;
    private readonly ILogger _logger;
    private readonly ShardLagTracker _lag;

    public ShardCheckpointer(
        string streamName,
        string shardId,
        CheckpointPolicyOptions options,
        IShardLeases leases,
        TimeProvider time,
        ConsumerInstruments telemetry,
        ILogger logger)
    {
        _streamName = streamName;
        _shardId = shardId;
        _leases = leases;
        _time = time;
        _telemetry = telemetry;
        _logger = logger;
        _policy = new CheckpointPolicy(options, Now());
        _lag = new ShardLagTracker(streamName, shardId, leases, time, telemetry);
    }

    /// <summary>The last checkpoint this task wrote (null before its first).</summary>
    public string? LastWritten
    {
        get
        {
            lock (_gate)
            {
                return _policy.LastWritten;
            }
        }
    }

    /// <summary>Registers the next delivery, covering records up to <paramref name="lastSequenceNumber"/>; returns its ticket.</summary>
    public long Register(string lastSequenceNumber)
    {
        lock (_gate)
        {
            return _ledger.Register(lastSequenceNumber, 1);
        }
    }

    /// <summary>Every sink has the delivery of <paramref name="ticket"/>, which covered <paramref name="records"/> records.</summary>
    public void Acknowledge(long ticket, int records)
    {
        lock (_gate)
        {
            _ledger.Acknowledge(ticket, 1);
        }

        _lag.Acknowledged(records);
    }

    /// <summary>A read brought records that now wait for the sinks, and the shard's MillisBehindLatest: the lag inputs.</summary>
    public void RecordsRead(ShardReadResult read) => _lag.Read(read);

    /// <summary>Writes a checkpoint when the batch is due; false when the lease was lost (the shard must stop).</summary>
    public ValueTask<bool> CheckpointIfDueAsync(CancellationToken cancellationToken)
    {
        CheckpointDecision decision;
        lock (_gate)
        {
            decision = _policy.Due(Now(), _ledger);
        }

        return WriteAsync(decision, [], cancellationToken);
    }

    /// <summary>The last checkpoint, decided by why the shard stops; false when the lease was lost.</summary>
    public ValueTask<bool> CheckpointOnStopAsync(ShardStopReason reason, IReadOnlyList<ChildShard> childShards, CancellationToken cancellationToken)
    {
        CheckpointDecision decision;
        lock (_gate)
        {
            decision = _policy.OnStop(reason, _ledger);
        }

        return WriteAsync(decision, childShards, cancellationToken);
    }

    private async ValueTask<bool> WriteAsync(CheckpointDecision decision, IReadOnlyList<ChildShard> childShards, CancellationToken cancellationToken)
    {
        if (decision.Kind == CheckpointDecisionKind.None)
        {
            return true;
        }

        var started = _time.GetTimestamp();
        bool held;
        try
        {
            held = decision.Kind == CheckpointDecisionKind.ShardEnd
                ? await _leases.CheckpointShardEndAsync(_shardId, childShards, cancellationToken)
                : await _leases.CheckpointAsync(_shardId, decision.SequenceNumber!, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            _telemetry.CheckpointFailed(_leases.WorkerId, exception.GetType().Name, _time.GetElapsedTime(started));
            throw;
        }

        var duration = _time.GetElapsedTime(started);
        if (!held)
        {
            _telemetry.CheckpointFailed(_leases.WorkerId, "lease_lost", duration);
            LogLeaseLostAtCheckpoint(_shardId);
            return false;
        }

        lock (_gate)
        {
            _policy.Written(decision, Now(), _ledger);
        }

        _telemetry.CheckpointWritten(_leases.WorkerId, _streamName, _shardId, duration);
        LogCheckpointed(_shardId, decision.Kind == CheckpointDecisionKind.ShardEnd ? "SHARD_END" : decision.SequenceNumber!);
        return true;
    }

    private TimeSpan Now() => _time.Monotonic();

    [LoggerMessage(EventId = 321, Level = LogLevel.Debug, Message = "Shard {ShardId} checkpointed at {Checkpoint}")]
    private partial void LogCheckpointed(string shardId, string checkpoint);

    [LoggerMessage(EventId = 322, Level = LogLevel.Warning, Message = "Shard {ShardId}: the lease was lost; the checkpoint was not written")]
    private partial void LogLeaseLostAtCheckpoint(string shardId);
}
