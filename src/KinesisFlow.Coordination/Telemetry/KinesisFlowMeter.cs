using System.Diagnostics.Metrics;

namespace KinesisFlow.Coordination.Telemetry;

/// <summary>
/// The one Meter (and ActivitySource) name of KinesisFlow. Each project defines the instruments of what it measures
/// (the consumer's shard instruments, the leases' worker instruments, the sinks' instruments) on this same meter:
/// IMeterFactory hands every caller the same <see cref="Meter"/> for the same name and version, so exporters and
/// collectors subscribe to <c>KinesisFlow</c> once and see them all. Here because every measuring project references
/// this pure one; it holds names only, no state.
/// </summary>
public static class KinesisFlowMeter
{
    /// <summary>Name of the Meter and of the ActivitySource.</summary>
    public const string Name = "KinesisFlow";

    /// <summary>Send and checkpoint latencies: from a local file write (milliseconds) to a slow HTTPS intake (tens of seconds).</summary>
    public static IReadOnlyList<double> LatencyBuckets { get; } = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    /// <summary>The build's version, reported with the meter, the ActivitySource and the OpenTelemetry resource.</summary>
    public static string? Version { get; } = typeof(KinesisFlowMeter).Assembly.GetName().Version?.ToString();

    /// <summary>The <c>KinesisFlow</c> meter of <paramref name="meterFactory"/> (the same instance for every caller).</summary>
    public static Meter Create(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        return meterFactory.Create(new MeterOptions(Name) { Version = Version });
    }
}
