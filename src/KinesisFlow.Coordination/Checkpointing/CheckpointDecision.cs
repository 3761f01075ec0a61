namespace KinesisFlow.Coordination.Checkpointing;

/// <summary>What to write to the lease now: nothing, a sequence number, or SHARD_END.</summary>
public readonly record struct CheckpointDecision(CheckpointDecisionKind Kind, string? SequenceNumber)
{
    public static CheckpointDecision None => new(CheckpointDecisionKind.None, null);

    public static CheckpointDecision ShardEnd => new(CheckpointDecisionKind.ShardEnd, null);

    public static CheckpointDecision At(string sequenceNumber) => new(CheckpointDecisionKind.SequenceNumber, sequenceNumber);
}

public enum CheckpointDecisionKind
{
    None,
    SequenceNumber,
    ShardEnd,
}
