namespace KinesisFlow.Sinks;

/// <summary>
/// The sinks' view of telemetry: their instruments (<see cref="SinkInstruments"/>) and the readiness reporter, both
/// optional (a CLI command or a test may run sinks without them).
/// </summary>
public sealed class SinkTelemetry(SinkInstruments? telemetry, IReadinessReporter? readiness)
{
    public static SinkTelemetry None { get; } = new(null, null);

    internal InFlightBatch InFlight(string sink) => telemetry?.SinkBatchInFlight(sink) ?? default;

    internal void Delivered(string sink, int events, long bytes, TimeSpan duration)
    {
        telemetry?.SinkBatchSent(sink, events, bytes, duration);
        readiness?.SinkSucceeded(sink);
    }

    internal void Failed(string sink, string errorType, TimeSpan duration)
    {
        telemetry?.SinkBatchFailed(sink, errorType, duration);
        readiness?.SinkFailed(sink);
    }

    /// <summary>An attempt failed and will be retried: counts as a failure for readiness, so a long outage shows.</summary>
    internal void Retried(string sink, string errorType)
    {
        telemetry?.SinkRetried(sink, errorType);
        readiness?.SinkFailed(sink);
    }

    internal void DeadLettered(string sink, string errorType, int events) =>
        telemetry?.SinkEventsDeadLettered(sink, errorType, events);

    internal void EventLag(string sink, long flowEndUnixSeconds) => telemetry?.EventLag(sink, flowEndUnixSeconds);
}
