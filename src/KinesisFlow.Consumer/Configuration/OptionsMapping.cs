using KinesisFlow.Coordination.Checkpointing;
using KinesisFlow.Coordination.Pacing;

namespace KinesisFlow.Consumer.Configuration;

/// <summary>Turns bound settings into the pure policies' own option records.</summary>
public static class OptionsMapping
{
    public static ReadBudget ToReadBudget(this KinesisOptions kinesis)
    {
        ArgumentNullException.ThrowIfNull(kinesis);
        return new ReadBudget
        {
            MaxReadsPerSecond = kinesis.MaxReadsPerSecond,
            MaxBytesPerSecond = kinesis.MaxBytesPerSecond,
            IdleDelay = kinesis.IdleDelay,
            ThrottleBackoff = kinesis.ThrottleBackoff,
            MaxThrottleBackoff = kinesis.MaxThrottleBackoff,
        };
    }

    public static CheckpointPolicyOptions ToPolicyOptions(this CheckpointOptions checkpoints)
    {
        ArgumentNullException.ThrowIfNull(checkpoints);
        return new CheckpointPolicyOptions { MaxInterval = checkpoints.Interval, MaxRecords = checkpoints.MaxRecords };
    }
}
