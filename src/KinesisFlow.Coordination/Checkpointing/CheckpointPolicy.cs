namespace KinesisFlow.Coordination.Checkpointing;

/// <summary>
/// When one shard writes its checkpoint. At-least-once: only what <see cref="AcknowledgementLedger"/> reports complete
/// is ever written; periodic writes are batched by time and count; a stop writes per its <see cref="ShardStopReason"/>.
/// Pure (monotonic time handed in) and not thread-safe, like the ledger it reads.
/// </summary>
public sealed class CheckpointPolicy
{
    private readonly CheckpointPolicyOptions _options;
    private TimeSpan _lastWriteAt;
    private long _completedAtLastWrite;
    private string? _written;

    /// <param name="options">Batching limits.</param>
    /// <param name="startedAt">When the shard started; the first interval counts from here.</param>
    /// <param name="completedRecordsAtStart">The ledger's <see cref="AcknowledgementLedger.CompletedRecords"/> at start.</param>
    public CheckpointPolicy(CheckpointPolicyOptions options, TimeSpan startedAt, long completedRecordsAtStart = 0)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        _options = options;
        _lastWriteAt = startedAt;
        _completedAtLastWrite = completedRecordsAtStart;
    }

    /// <summary>The last sequence number this policy saw written (null before the first write).</summary>
    public string? LastWritten => _written;

    /// <summary>The periodic decision while processing: write when progress was made and the batch is full or old.</summary>
    public CheckpointDecision Due(TimeSpan now, AcknowledgementLedger ledger)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        if (!HasNewProgress(ledger))
        {
            return CheckpointDecision.None;
        }

        var batchFull = ledger.CompletedRecords - _completedAtLastWrite >= _options.MaxRecords;
        var batchOld = now - _lastWriteAt >= _options.MaxInterval;
        return batchFull || batchOld ? CheckpointDecision.At(ledger.CompletedThrough!) : CheckpointDecision.None;
    }

    /// <summary>
    /// The last decision when the shard stops. Lease lost: nothing (the new owner holds the fencing token).
    /// Shard ended: SHARD_END once nothing is in flight, else the completed prefix (the caller drains first; this keeps
    /// SHARD_END from ever passing an unacknowledged record). Shutdown: the completed prefix, if it advanced.
    /// </summary>
    public CheckpointDecision OnStop(ShardStopReason reason, AcknowledgementLedger ledger)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        return reason switch
        {
            ShardStopReason.LeaseLost => CheckpointDecision.None,
            ShardStopReason.ShardEnded when ledger.InFlight == 0 => CheckpointDecision.ShardEnd,
            _ => HasNewProgress(ledger) ? CheckpointDecision.At(ledger.CompletedThrough!) : CheckpointDecision.None,
        };
    }

    /// <summary>The caller wrote <paramref name="decision"/> at <paramref name="now"/>; the next batch starts here.</summary>
    public void Written(CheckpointDecision decision, TimeSpan now, AcknowledgementLedger ledger)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        if (decision.Kind == CheckpointDecisionKind.None)
        {
            return;
        }

        _written = decision.Kind == CheckpointDecisionKind.ShardEnd ? ledger.CompletedThrough : decision.SequenceNumber;
        _lastWriteAt = now;
        _completedAtLastWrite = ledger.CompletedRecords;
    }

    private bool HasNewProgress(AcknowledgementLedger ledger) =>
        ledger.CompletedThrough is not null && ledger.CompletedRecords > _completedAtLastWrite;
}
