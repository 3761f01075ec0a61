using System.Diagnostics;
using System.Diagnostics.Metrics;
using KinesisFlow.Coordination.Telemetry;

namespace KinesisFlow.Sinks;

/// <summary>
/// The sinks' instruments on the <c>KinesisFlow</c> meter (<see cref="KinesisFlowMeter"/>), per sink
/// (<c>sink.name</c>): events, bytes and batches delivered, retries, failures, send duration, batches in flight, events
/// dead-lettered, and the event lag at delivery. Sinks record through <see cref="SinkTelemetry"/>, which also tells the
/// readiness reporter. Register it as a singleton; every method is thread-safe and cheap enough for per-batch calls.
/// </summary>
public sealed class SinkInstruments
{
    // Event lag (now - flow record end): flow logs arrive minutes late by design (aggregation interval + delivery).
    private static readonly double[] EventLagBuckets = [5, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 86400];

    private readonly TimeProvider _time;
    private readonly Counter<long> _sinkEventsSent;
    private readonly Counter<long> _sinkBytesSent;
    private readonly Counter<long> _sinkBatches;
    private readonly Counter<long> _sinkRetries;
    private readonly Counter<long> _sinkFailures;
    private readonly Histogram<double> _sinkSendDuration;
    private readonly UpDownCounter<long> _sinkInFlight;
    private readonly Counter<long> _sinkEventsDeadLettered;
    private readonly Histogram<double> _eventLag;

    /// <param name="meterFactory">Creates the <c>KinesisFlow</c> meter.</param>
    /// <param name="timeProvider">The wall clock the event lag is measured against.</param>
    public SinkInstruments(IMeterFactory meterFactory, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _time = timeProvider;
        var meter = KinesisFlowMeter.Create(meterFactory);
        _sinkEventsSent = meter.CreateCounter<long>("kinesisflow.sink.sent.events", "{event}",
            "Events the sink delivered and had acknowledged.");
        _sinkBytesSent = meter.CreateCounter<long>("kinesisflow.sink.sent.bytes", "By",
            "Bytes the sink delivered (as written or sent, before transport compression).");
        _sinkBatches = meter.CreateCounter<long>("kinesisflow.sink.batches", "{batch}",
            "Batches the sink delivered successfully.");
        _sinkRetries = meter.CreateCounter<long>("kinesisflow.sink.retries", "{attempt}",
            "Send attempts the sink retried, by error.type.");
        _sinkFailures = meter.CreateCounter<long>("kinesisflow.sink.failures", "{batch}",
            "Batches the sink gave up on after its retries, by error.type.");
        _sinkSendDuration = meter.CreateHistogram("kinesisflow.sink.send.duration", "s",
            "Duration of one batch delivery including retries; failed deliveries carry error.type.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = KinesisFlowMeter.LatencyBuckets });
        _sinkInFlight = meter.CreateUpDownCounter<long>("kinesisflow.sink.in_flight", "{batch}",
            "Batches handed to the sink and not yet acknowledged or failed.");
        _sinkEventsDeadLettered = meter.CreateCounter<long>("kinesisflow.sink.dead_lettered.events", "{event}",
            "Events the sink could not deliver and wrote to the dead-letter sink, by error.type.");
        _eventLag = meter.CreateHistogram("kinesisflow.sink.event.lag", "s",
            "Event lag at delivery: now minus the flow record's end time (what SEKOIA.IO connectors report as event lag).",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = EventLagBuckets });
    }

    /// <summary>
    /// Marks one batch as in flight in the sink until the returned scope is disposed:
    /// <c>using (instruments.SinkBatchInFlight("sekoia")) { ... }</c>.
    /// </summary>
    public InFlightBatch SinkBatchInFlight(string sinkName)
    {
        var tags = SinkTag(sinkName);
        _sinkInFlight.Add(1, tags);
        return new InFlightBatch(_sinkInFlight, tags);
    }

    /// <summary>A batch was delivered and acknowledged; <paramref name="duration"/> includes retries.</summary>
    public void SinkBatchSent(string sinkName, int events, long bytes, TimeSpan duration)
    {
        var tags = SinkTag(sinkName);
        _sinkEventsSent.Add(events, tags);
        _sinkBytesSent.Add(bytes, tags);
        _sinkBatches.Add(1, tags);
        _sinkSendDuration.Record(duration.TotalSeconds, tags);
    }

    /// <summary>A send attempt failed and will be retried; <paramref name="errorType"/> is e.g. the HTTP status code or exception type name.</summary>
    public void SinkRetried(string sinkName, string errorType) => _sinkRetries.Add(1, SinkErrorTags(sinkName, errorType));

    /// <summary>The sink gave up on a batch after its retries.</summary>
    public void SinkBatchFailed(string sinkName, string errorType, TimeSpan duration)
    {
        var tags = SinkErrorTags(sinkName, errorType);
        _sinkFailures.Add(1, tags);
        _sinkSendDuration.Record(duration.TotalSeconds, tags);
    }

    /// <summary>Events the sink wrote to the dead-letter sink instead of delivering them.</summary>
    public void SinkEventsDeadLettered(string sinkName, string errorType, int events) =>
        _sinkEventsDeadLettered.Add(events, SinkErrorTags(sinkName, errorType));

    /// <summary>
    /// Records the event lag of a delivered event: now (wall clock) minus the flow record's <c>end</c> (Unix seconds).
    /// Call it once per batch with the batch's oldest end time, or per event when that is cheap. Clamped at zero so
    /// clock skew between AWS and this host never shows a negative lag.
    /// </summary>
    public void EventLag(string sinkName, long flowEndUnixSeconds)
    {
        var lagSeconds = _time.GetUtcNow().ToUnixTimeSeconds() - flowEndUnixSeconds;
        _eventLag.Record(Math.Max(0, lagSeconds), SinkTag(sinkName));
    }

    private static TagList SinkTag(string sinkName) => new() { { TelemetryTags.SinkName, sinkName } };

    private static TagList SinkErrorTags(string sinkName, string errorType) =>
        new() { { TelemetryTags.SinkName, sinkName }, { TelemetryTags.ErrorType, errorType } };
}
