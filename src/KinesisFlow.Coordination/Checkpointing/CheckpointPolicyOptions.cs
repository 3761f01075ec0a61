namespace KinesisFlow.Coordination.Checkpointing;

/// <summary>How checkpoints are batched: a lease write per record would cost far more than the records themselves.</summary>
public sealed record CheckpointPolicyOptions
{
    /// <summary>Checkpoint at least this often while records complete.</summary>
    public TimeSpan MaxInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Checkpoint once this many records completed since the last checkpoint, even before the interval.</summary>
    public long MaxRecords { get; init; } = 10_000;

    /// <summary>Every problem with these settings, each naming the setting; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MaxInterval <= TimeSpan.Zero || MaxInterval > TimeSpan.FromMinutes(10))
        {
            errors.Add($"{nameof(MaxInterval)} must be above 0 and at most 10 minutes; was {MaxInterval}.");
        }

        if (MaxRecords <= 0)
        {
            errors.Add($"{nameof(MaxRecords)} must be above 0; was {MaxRecords}.");
        }

        return errors;
    }
}
