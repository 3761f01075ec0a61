namespace KinesisFlow.Consumer.Telemetry;

/// <summary>Thresholds of <see cref="ReadinessState"/>.</summary>
public sealed class ReadinessOptions
{
    /// <summary>
    /// A worker whose last renewal cycle is older than this is not renewing its leases. The default is three lease
    /// durations of the default 10 s lease: a worker this late has lost its leases to its peers.
    /// </summary>
    public TimeSpan RenewalStaleAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A sink with this many failed batches in a row (and no success since) makes the instance not ready.</summary>
    public int SinkFailureThreshold { get; set; } = 5;
}
