using KinesisFlow.Aws;
using KinesisFlow.Consumer.Checkpointing;
using KinesisFlow.Consumer.Pipeline;
using KinesisFlow.Consumer.Supervision;
using KinesisFlow.Coordination.Checkpointing;
using Microsoft.Extensions.Logging;

namespace KinesisFlow.Consumer.Lifecycle;

/// <summary>
/// One owned shard's task, as an explicit state machine (<see cref="ShardLifecycle"/>):
/// WaitingOnParents → Initializing → Processing → ShuttingDown → Done. The stop reason decides the last checkpoint:
/// lease lost writes nothing (the new owner holds the fencing token), shard end writes SHARD_END once every record is
/// acknowledged, a shutdown request writes what was acknowledged. Each task has its own cancellation sources, so
/// stopping or failing one shard never touches another.
/// </summary>
internal sealed partial class ShardConsumer : IDisposable
{
    private readonly string _shardId;
    private readonly ShardConsumerServices _services;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopReading = new();
    private readonly CancellationTokenSource _abort = new();

    // Cancelled when the task ends, however it ends: stops the drain timer, so that only a drain that really outlives
    // it says it timed out.
    private readonly CancellationTokenSource _ended = new();

    public ShardConsumer(string shardId, ShardConsumerServices services)
    {
        _shardId = shardId;
        _services = services;
        _logger = services.LoggerFactory.CreateLogger<ShardConsumer>();
    }

    public string ShardId => _shardId;

    public ShardLifecycle Lifecycle { get; } = new();

    /// <summary>
    /// Asks the task to stop. Lease lost aborts at once; a shutdown request stops reading, drains what is in flight
    /// (up to the drain timeout), checkpoints and ends.
    /// </summary>
    public void RequestStop(ShardStopReason reason)
    {
        Lifecycle.RequestStop(reason);
        if (Lifecycle.StopReason == ShardStopReason.LeaseLost)
        {
            _abort.Cancel();
            return;
        }

        _stopReading.Cancel();
        _ = AbortAfterDrainTimeoutAsync();
    }

    public async Task RunAsync()
    {
        var leases = _services.Leases;
        try
        {
            await WaitForParentsAsync(_stopReading.Token);
            Lifecycle.MoveTo(ShardConsumerState.Initializing);
            var start = StartingPositionFor(leases.Owned().FirstOrDefault(lease => lease.ShardId == _shardId));
            if (start is null)
            {
                // Already at SHARD_END (a previous owner finished it): nothing to read, nothing to write.
                Lifecycle.RequestStop(ShardStopReason.ShardEnded);
                Lifecycle.MoveTo(ShardConsumerState.ShuttingDown);
                return;
            }

            LogStarting(_shardId, start);
            Lifecycle.MoveTo(ShardConsumerState.Processing);
            var checkpointer = new ShardCheckpointer(
                _services.StreamName,
                _shardId,
                _services.CheckpointPolicy,
                leases,
                _services.Time,
                _services.Telemetry,
                _services.LoggerFactory.CreateLogger<ShardCheckpointer>());
            var outcome = await ProcessAsync(start, checkpointer);
            Lifecycle.RequestStop(outcome.Reason);
            Lifecycle.MoveTo(ShardConsumerState.ShuttingDown);
            await FinishAsync(outcome, checkpointer);
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested || _stopReading.IsCancellationRequested)
        {
            // Stopped before or while processing; a lease lost never checkpoints, a timed-out drain keeps the last checkpoint.
            MoveToShuttingDown();
            LogStopped(_shardId, Lifecycle.StopReason);
        }
        catch (Exception exception)
        {
            MoveToShuttingDown();
            LogFaulted(exception, _shardId);
            throw;
        }
        finally
        {
            await _ended.CancelAsync();
            Lifecycle.MoveTo(ShardConsumerState.Done);
        }
    }

    public void Dispose()
    {
        _stopReading.Dispose();
        _abort.Dispose();
        _ended.Dispose();
    }

    private async Task<PipelineOutcome> ProcessAsync(StartingPosition start, ShardCheckpointer checkpointer)
    {
        var services = _services;
        await using var reader = services.Readers.Create(_shardId, start);
        using var assembler = new DeliveryAssembler(
            services.StreamName,
            _shardId,
            services.Formats.Current,
            services.DecoderOptions,
            services.Sinks.Formats,
            services.Telemetry,
            services.Filter,
            services.Sinks.OutputOptions);
        services.Telemetry.ShardStarted(services.StreamName, _shardId);
        try
        {
            var context = new ShardPipelineContext(services.StreamName, _shardId, services.Pipeline, services.Sinks, services.CheckpointTick, services.Time, services.Telemetry);
            return await new ShardPipeline(context, reader, assembler, checkpointer).RunAsync(_stopReading.Token, _abort.Token);
        }
        catch (Exception) when (Lifecycle.StopReason != ShardStopReason.LeaseLost)
        {
            // A fault (a sink gave up, the stream failed) or a drain that timed out: what was acknowledged is safe to keep.
            await TryCheckpointAcknowledgedAsync(checkpointer);
            throw;
        }
        finally
        {
            services.Telemetry.ShardStopped(services.StreamName, _shardId);
        }
    }

    private async Task FinishAsync(PipelineOutcome outcome, ShardCheckpointer checkpointer)
    {
        if (outcome.Reason == ShardStopReason.LeaseLost)
        {
            LogStopped(_shardId, outcome.Reason);
            return;
        }

        // The pipeline drained every delivery: the final checkpoint covers everything acknowledged (or SHARD_END).
        var held = await checkpointer.CheckpointOnStopAsync(outcome.Reason, outcome.ChildShards, CancellationToken.None);
        if (outcome.Reason == ShardStopReason.ShardEnded && held)
        {
            LogShardEnded(_shardId, outcome.ChildShards.Count);
        }
        else
        {
            LogStopped(_shardId, held ? outcome.Reason : ShardStopReason.LeaseLost);
        }
    }

    private async Task TryCheckpointAcknowledgedAsync(ShardCheckpointer checkpointer)
    {
        try
        {
            await checkpointer.CheckpointOnStopAsync(ShardStopReason.ShutdownRequested, [], CancellationToken.None);
        }
        catch (Exception exception)
        {
            LogCheckpointOnFaultFailed(exception, _shardId);
        }
    }

    private async Task WaitForParentsAsync(CancellationToken cancellationToken)
    {
        var waitingLogged = false;
        while (!await _services.Leases.ParentsCompletedAsync(_shardId, cancellationToken))
        {
            if (!waitingLogged)
            {
                LogWaitingOnParents(_shardId);
                waitingLogged = true;
            }

            await Task.Delay(_services.ParentPollInterval, _services.Time, cancellationToken);
        }
    }

    /// <summary>
    /// After the checkpoint when there is one; the configured position when none; null at SHARD_END. A checkpoint inside
    /// a KPL-aggregated record (a KCL application's, sub-sequence number above 0) resumes AT that record: KinesisFlow
    /// does not de-aggregate, so the record is dead-lettered whole (<c>kpl_aggregated</c>) rather than its rest skipped.
    /// </summary>
    private StartingPosition? StartingPositionFor(OwnedShard? owned) => owned?.Checkpoint switch
    {
        "SHARD_END" => null,
        "TRIM_HORIZON" => StartingPosition.TrimHorizon,
        "LATEST" => StartingPosition.Latest,
        null or "" or "AT_TIMESTAMP" => _services.InitialPosition,
        { } checkpoint when owned.CheckpointSubSequenceNumber > 0 => StartingPosition.AtSequenceNumber(checkpoint),
        { } checkpoint => StartingPosition.AfterSequenceNumber(checkpoint),
    };

    private void MoveToShuttingDown()
    {
        if (Lifecycle.State != ShardConsumerState.ShuttingDown)
        {
            Lifecycle.MoveTo(ShardConsumerState.ShuttingDown);
        }
    }

    private async Task AbortAfterDrainTimeoutAsync()
    {
        try
        {
            using var drained = CancellationTokenSource.CreateLinkedTokenSource(_abort.Token, _ended.Token);
            await Task.Delay(_services.Pipeline.DrainTimeout, _services.Time, drained.Token);
            LogDrainTimedOut(_shardId, _services.Pipeline.DrainTimeout);
            await _abort.CancelAsync();
        }
        catch (OperationCanceledException)
        {
            // Drained and ended in time, or aborted for another reason first.
        }
        catch (ObjectDisposedException)
        {
            // The task ended (and was disposed) before the timeout.
        }
    }

    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Shard {ShardId}: processing from {Start}")]
    private partial void LogStarting(string shardId, StartingPosition start);

    [LoggerMessage(EventId = 302, Level = LogLevel.Information, Message = "Shard {ShardId}: waiting until its parent shards are finished")]
    private partial void LogWaitingOnParents(string shardId);

    [LoggerMessage(EventId = 303, Level = LogLevel.Information, Message = "Shard {ShardId} ended: SHARD_END checkpointed, {Children} child shards named")]
    private partial void LogShardEnded(string shardId, int children);

    [LoggerMessage(EventId = 304, Level = LogLevel.Information, Message = "Shard {ShardId} stopped ({Reason})")]
    private partial void LogStopped(string shardId, ShardStopReason? reason);

    [LoggerMessage(EventId = 305, Level = LogLevel.Error, Message = "Shard {ShardId} failed; the supervisor restarts it from its checkpoint")]
    private partial void LogFaulted(Exception exception, string shardId);

    [LoggerMessage(EventId = 306, Level = LogLevel.Warning, Message = "Shard {ShardId}: could not checkpoint what was acknowledged before restarting")]
    private partial void LogCheckpointOnFaultFailed(Exception exception, string shardId);

    [LoggerMessage(EventId = 307, Level = LogLevel.Warning, Message = "Shard {ShardId}: in-flight batches did not drain within {Timeout}; they will be read again")]
    private partial void LogDrainTimedOut(string shardId, TimeSpan timeout);
}
