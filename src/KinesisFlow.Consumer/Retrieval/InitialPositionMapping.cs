using KinesisFlow.Aws;

namespace KinesisFlow.Consumer.Retrieval;

internal static class InitialPositionMapping
{
    /// <summary>The Kinesis starting position of a shard that has no checkpoint yet.</summary>
    public static StartingPosition ToStartingPosition(this InitialPosition initial) => initial.Kind switch
    {
        InitialPositionKind.Latest => StartingPosition.Latest,
        InitialPositionKind.AtTimestamp => StartingPosition.AtTimestamp(initial.Timestamp),
        _ => StartingPosition.TrimHorizon,
    };
}
