using KinesisFlow.Coordination.Checkpointing;
using KinesisFlow.Coordination.Pacing;
using KinesisFlow.Coordination.Retries;

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

    /// <summary>The wait before restarting a faulted shard task (<c>Supervisor:RestartBackoff</c> … <c>MaxRestartBackoff</c>).</summary>
    public static ExponentialBackoff ToRestartBackoff(this SupervisorOptions supervisor)
    {
        ArgumentNullException.ThrowIfNull(supervisor);
        return new ExponentialBackoff(supervisor.RestartBackoff, supervisor.MaxRestartBackoff);
    }

    /// <summary>The wait before resubscribing after a failed fan-out subscription (<c>Kinesis:ResubscribeDelay</c> … <c>MaxResubscribeDelay</c>).</summary>
    public static ExponentialBackoff ToResubscribeBackoff(this KinesisOptions kinesis)
    {
        ArgumentNullException.ThrowIfNull(kinesis);
        return new ExponentialBackoff(kinesis.ResubscribeDelay, kinesis.MaxResubscribeDelay);
    }

    public static CheckpointPolicyOptions ToPolicyOptions(this CheckpointOptions checkpoints)
    {
        ArgumentNullException.ThrowIfNull(checkpoints);
        return new CheckpointPolicyOptions { MaxInterval = checkpoints.Interval, MaxRecords = checkpoints.MaxRecords };
    }
}
