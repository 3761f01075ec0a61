namespace KinesisFlow.Coordination.Pacing;

/// <summary>
/// How fast one shard may be polled. Kinesis allows 5 GetRecords calls and 2 MB per second per shard, shared by every
/// application that polls the shard, so a team running two applications on one stream lowers these figures.
/// </summary>
public sealed record ReadBudget
{
    /// <summary>Kinesis' per-shard read limit: 2 MB (MiB, as Kinesis counts) per second.</summary>
    public const long KinesisBytesPerSecond = 2L * 1024 * 1024;

    /// <summary>Kinesis' per-shard call limit: 5 GetRecords calls per second.</summary>
    public const double KinesisReadsPerSecond = 5;

    public double MaxReadsPerSecond { get; init; } = KinesisReadsPerSecond;

    public long MaxBytesPerSecond { get; init; } = KinesisBytesPerSecond;

    /// <summary>Wait between reads once the shard is caught up (an empty answer or no lag), to spare the shared budget.</summary>
    public TimeSpan IdleDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Ceiling of the wait after a ProvisionedThroughputExceeded answer, doubled on each throttle in a row; the wait is
    /// drawn below it (<see cref="Retries.ExponentialBackoff"/>).
    /// </summary>
    public TimeSpan ThrottleBackoff { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Cap of the throttle backoff's ceiling.</summary>
    public TimeSpan MaxThrottleBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Every problem with these settings, each naming the setting; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!(MaxReadsPerSecond > 0 && MaxReadsPerSecond <= KinesisReadsPerSecond))
        {
            errors.Add($"{nameof(MaxReadsPerSecond)} must be above 0 and at most {KinesisReadsPerSecond} (Kinesis' per-shard limit); was {MaxReadsPerSecond}.");
        }

        if (MaxBytesPerSecond <= 0 || MaxBytesPerSecond > KinesisBytesPerSecond)
        {
            errors.Add($"{nameof(MaxBytesPerSecond)} must be above 0 and at most {KinesisBytesPerSecond} (Kinesis' per-shard limit); was {MaxBytesPerSecond}.");
        }

        if (IdleDelay < TimeSpan.Zero || IdleDelay > TimeSpan.FromMinutes(1))
        {
            errors.Add($"{nameof(IdleDelay)} must be between 0 and 1 minute; was {IdleDelay}.");
        }

        if (ThrottleBackoff <= TimeSpan.Zero)
        {
            errors.Add($"{nameof(ThrottleBackoff)} must be above 0; was {ThrottleBackoff}.");
        }

        if (MaxThrottleBackoff < ThrottleBackoff)
        {
            errors.Add($"{nameof(MaxThrottleBackoff)} must be at least {nameof(ThrottleBackoff)}; was {MaxThrottleBackoff}.");
        }

        return errors;
    }
}
