namespace KinesisFlow.FlowLogs;

/// <summary>Where a Kinesis record came from; carried into every event and dead letter decoded from it.</summary>
public readonly record struct KinesisRecordContext
{
    public KinesisRecordContext(string? shardId, string? sequenceNumber)
    {
        ShardId = shardId;
        SequenceNumber = sequenceNumber;
    }

    public string? ShardId { get; init; }

    public string? SequenceNumber { get; init; }
}
