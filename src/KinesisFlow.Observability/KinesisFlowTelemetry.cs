using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using KinesisFlow.Coordination.Lag;

namespace KinesisFlow.Observability;

/// <summary>
/// The one place KinesisFlow defines its metrics and spans: Meter <c>KinesisFlow</c> and ActivitySource
/// <c>KinesisFlow</c>. Every layer records through the small typed methods below, so names, units, descriptions and
/// attributes stay consistent and cardinality stays bounded (stream, shard, worker, sink, and fixed reason sets only).
/// Register it as a singleton. Every method is thread-safe and cheap enough for per-batch calls on the hot path.
/// </summary>
public sealed class KinesisFlowTelemetry : IDisposable
{
    /// <summary>Name of the Meter and of the ActivitySource.</summary>
    public const string Name = "KinesisFlow";

    // Send and checkpoint latencies: from a local file write (milliseconds) to a slow HTTPS intake (tens of seconds).
    private static readonly double[] LatencyBuckets = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    // Event lag (now - flow record end): flow logs arrive minutes late by design (aggregation interval + delivery).
    private static readonly double[] EventLagBuckets = [5, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 86400];

    private readonly TimeProvider _time;
    private readonly ActivitySource _activitySource;

    // Last values behind the observable gauges, keyed by what the gauge reports on. An entry lives while the shard or
    // worker runs here (ShardStopped / WorkerStopped remove it), so a shard that moved to another worker stops
    // reporting from this one instead of freezing at a stale value.
    // The lag inputs are kept, not the lag: the oldest unacknowledged record's age is computed when the gauge is
    // observed, so it keeps growing while a stuck sink holds everything still (no read, no acknowledgement).
    private readonly ConcurrentDictionary<ShardKey, LagInputs> _lag = new();
    private readonly ConcurrentDictionary<ShardKey, long> _lastCheckpointTimestamp = new();
    private readonly ConcurrentDictionary<string, WorkerState> _workers = new(StringComparer.Ordinal);

    private readonly Counter<long> _recordsReceived;
    private readonly Counter<long> _bytesReceived;
    private readonly Counter<long> _eventsParsed;
    private readonly Counter<long> _eventsFiltered;
    private readonly Counter<long> _recordsDeadLettered;
    private readonly Counter<long> _getRecordsCalls;
    private readonly Counter<long> _getRecordsThrottles;
    private readonly Counter<long> _iteratorsExpired;

    private readonly Counter<long> _leasesTaken;
    private readonly Counter<long> _leasesLost;
    private readonly Counter<long> _leasesStolen;
    private readonly Counter<long> _leasesHandedOff;
    private readonly Histogram<double> _checkpointDuration;
    private readonly Counter<long> _checkpointFailures;

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
    /// <param name="timeProvider">The clock of the gauges that age (lag, checkpoint age).</param>
    /// <param name="readiness">The readiness verdict behind <c>/health/ready</c>, published as <c>kinesisflow.worker.ready</c> so alarms can use it (null: not published).</param>
    public KinesisFlowTelemetry(IMeterFactory meterFactory, TimeProvider timeProvider, ReadinessState? readiness = null)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _time = timeProvider;
        var version = typeof(KinesisFlowTelemetry).Assembly.GetName().Version?.ToString();
        var meter = meterFactory.Create(new MeterOptions(Name) { Version = version });
        _activitySource = new ActivitySource(Name, version);

        // Per shard (stream.name, shard.id).
        meter.CreateObservableGauge("kinesisflow.shard.behind_latest", ObserveBehindLatest, "s",
            "How far the shard's reader is behind the tip of the shard (Kinesis MillisBehindLatest), as last reported by GetRecords or SubscribeToShard.");
        meter.CreateObservableGauge("kinesisflow.shard.oldest_unacknowledged.age", () => ObserveLag(static lag => lag.OldestUnacknowledgedAge), "s",
            "Age (now minus ApproximateArrivalTimestamp) of the shard's oldest record read but not yet acknowledged by every sink; 0 when none waits. Computed when observed, so it grows while a stuck sink holds reading still.");
        meter.CreateObservableGauge("kinesisflow.shard.lag", () => ObserveLag(static lag => lag.Lag), "s",
            "The shard lag: the larger of behind_latest and oldest_unacknowledged.age. Never 0 while read events wait anywhere in the pipeline or a sink.");
        meter.CreateObservableGauge("kinesisflow.shard.checkpoint.age", ObserveCheckpointAge, "s",
            "Time since the shard's last checkpoint was written (or since its processing started, if none yet).");
        _recordsReceived = meter.CreateCounter<long>("kinesisflow.shard.received.records", "{record}",
            "Kinesis records received from the shard.");
        _bytesReceived = meter.CreateCounter<long>("kinesisflow.shard.received.bytes", "By",
            "Bytes of Kinesis record data received from the shard (compressed, as stored in the stream).");
        _eventsParsed = meter.CreateCounter<long>("kinesisflow.shard.parsed.events", "{event}",
            "Flow log events parsed from the shard's records.");
        _eventsFiltered = meter.CreateCounter<long>("kinesisflow.shard.filtered.events", "{event}",
            "Flow log events dropped by configured filters (not delivered, not dead-lettered).");
        _recordsDeadLettered = meter.CreateCounter<long>("kinesisflow.shard.dead_lettered.records", "{record}",
            "Kinesis records that could not be decoded and were written to the dead-letter sink, by reason.");
        _getRecordsCalls = meter.CreateCounter<long>("kinesisflow.shard.get_records.calls", "{call}",
            "GetRecords calls made for the shard (polling mode).");
        _getRecordsThrottles = meter.CreateCounter<long>("kinesisflow.shard.get_records.throttles", "{call}",
            "GetRecords calls rejected with ProvisionedThroughputExceededException.");
        _iteratorsExpired = meter.CreateCounter<long>("kinesisflow.shard.iterator.expirations", "{iterator}",
            "Shard iterators that expired and were re-acquired from the last delivered sequence number.");

        // Per process: readiness as a number, for alarms that cannot probe /health/ready (CloudWatch).
        if (readiness is not null)
        {
            meter.CreateObservableGauge("kinesisflow.worker.ready", () => readiness.Evaluate().IsReady ? 1 : 0, "{state}",
                "1 when this process is ready (/health/ready answers 200: every worker renewing its leases, no sink failing past its threshold), 0 otherwise. For alerts, never for restarts.");
        }

        // Per worker (worker.id).
        meter.CreateObservableGauge("kinesisflow.worker.leases.owned", () => ObserveWorkers(static w => w.LeasesOwned), "{lease}",
            "Leases this worker owns.");
        meter.CreateObservableGauge("kinesisflow.worker.workers", () => ObserveWorkers(static w => w.WorkersSeen), "{worker}",
            "Live workers this worker saw in the lease table at its last balancing cycle (itself included).");
        meter.CreateObservableGauge("kinesisflow.worker.shards.waiting_on_parent", () => ObserveWorkers(static w => w.ShardsWaitingOnParents), "{shard}",
            "Owned shards not yet processed because a parent shard has not reached SHARD_END.");
        _leasesTaken = meter.CreateCounter<long>("kinesisflow.worker.leases.taken", "{lease}",
            "Unowned or expired leases this worker took.");
        _leasesStolen = meter.CreateCounter<long>("kinesisflow.worker.leases.stolen", "{lease}",
            "Leases this worker stole from a live, more loaded worker to balance the fleet.");
        _leasesLost = meter.CreateCounter<long>("kinesisflow.worker.leases.lost", "{lease}",
            "Leases this worker held and lost (taken by another worker or failed to renew).");
        _leasesHandedOff = meter.CreateCounter<long>("kinesisflow.worker.leases.handed_off", "{lease}",
            "Leases this worker checkpointed and released gracefully to another worker or at shutdown.");
        _checkpointDuration = meter.CreateHistogram("kinesisflow.worker.checkpoint.duration", "s",
            "Duration of checkpoint writes to the lease table; failed writes carry error.type.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        _checkpointFailures = meter.CreateCounter<long>("kinesisflow.worker.checkpoint.failures", "{checkpoint}",
            "Checkpoint writes that failed, by error.type (lease_lost when the lease had moved on).");

        // Per sink (sink.name).
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
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        _sinkInFlight = meter.CreateUpDownCounter<long>("kinesisflow.sink.in_flight", "{batch}",
            "Batches handed to the sink and not yet acknowledged or failed.");
        _sinkEventsDeadLettered = meter.CreateCounter<long>("kinesisflow.sink.dead_lettered.events", "{event}",
            "Events the sink could not deliver and wrote to the dead-letter sink, by error.type.");
        _eventLag = meter.CreateHistogram("kinesisflow.sink.event.lag", "s",
            "Event lag at delivery: now minus the flow record's end time (what SEKOIA.IO connectors report as event lag).",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = EventLagBuckets });
    }

    /// <summary>The ActivitySource <c>KinesisFlow</c>, for spans beyond <see cref="StartBatchDelivery"/>.</summary>
    public ActivitySource ActivitySource => _activitySource;

    // ---- Per shard -------------------------------------------------------------------------------------------------

    /// <summary>A shard task started processing on this worker: its checkpoint age counts from now.</summary>
    public void ShardStarted(string streamName, string shardId) =>
        _lastCheckpointTimestamp[new ShardKey(streamName, shardId)] = _time.GetTimestamp();

    /// <summary>A shard task stopped here (lease lost, shard ended, shutdown): its gauges stop reporting from this worker.</summary>
    public void ShardStopped(string streamName, string shardId)
    {
        var key = new ShardKey(streamName, shardId);
        _lag.TryRemove(key, out _);
        _lastCheckpointTimestamp.TryRemove(key, out _);
    }

    /// <summary>A GetRecords response or SubscribeToShard event delivered <paramref name="records"/> records.</summary>
    public void RecordsReceived(string streamName, string shardId, int records, long bytes)
    {
        var tags = ShardTags(streamName, shardId);
        _recordsReceived.Add(records, tags);
        _bytesReceived.Add(bytes, tags);
    }

    /// <summary>The MillisBehindLatest a GetRecords response or SubscribeToShard event reported.</summary>
    public void MillisBehindLatest(string streamName, string shardId, long millisBehindLatest) =>
        _lag.AddOrUpdate(
            new ShardKey(streamName, shardId),
            static (_, millis) => new LagInputs(millis, null),
            static (_, inputs, millis) => inputs with { MillisBehindLatest = millis },
            millisBehindLatest);

    /// <summary>
    /// The arrival time (ApproximateArrivalTimestamp) of the shard's oldest record read and not yet acknowledged by every
    /// sink, or null when none waits; call it whenever that changes (a read into an empty pipeline, an acknowledgement).
    /// </summary>
    public void OldestUnacknowledgedArrival(string streamName, string shardId, DateTimeOffset? arrival) =>
        _lag.AddOrUpdate(
            new ShardKey(streamName, shardId),
            static (_, oldest) => new LagInputs(null, oldest),
            static (_, inputs, oldest) => inputs with { OldestUnacknowledgedArrival = oldest },
            arrival);

    /// <summary>Flow log events parsed from the shard's records.</summary>
    public void EventsParsed(string streamName, string shardId, int events) =>
        _eventsParsed.Add(events, ShardTags(streamName, shardId));

    /// <summary>Flow log events dropped by configured filters.</summary>
    public void EventsFiltered(string streamName, string shardId, int events) =>
        _eventsFiltered.Add(events, ShardTags(streamName, shardId));

    /// <summary>Records dead-lettered; <paramref name="reason"/> is one of <see cref="DeadLetterReasons"/> (others count as <c>other</c>).</summary>
    public void RecordsDeadLettered(string streamName, string shardId, string reason, int records = 1)
    {
        var tags = ShardTags(streamName, shardId);
        tags.Add(TelemetryTags.DeadLetterReason, DeadLetterReasons.Normalize(reason));
        _recordsDeadLettered.Add(records, tags);
    }

    /// <summary>One GetRecords call was made (whatever its outcome).</summary>
    public void GetRecordsCalled(string streamName, string shardId) =>
        _getRecordsCalls.Add(1, ShardTags(streamName, shardId));

    /// <summary>One GetRecords call was throttled (ProvisionedThroughputExceededException).</summary>
    public void GetRecordsThrottled(string streamName, string shardId) =>
        _getRecordsThrottles.Add(1, ShardTags(streamName, shardId));

    /// <summary>A shard iterator expired and was re-acquired.</summary>
    public void IteratorExpired(string streamName, string shardId) =>
        _iteratorsExpired.Add(1, ShardTags(streamName, shardId));

    /// <summary>
    /// Starts the span of one delivered batch (kind Consumer, messaging semantic conventions), or returns null when no
    /// listener samples it. Dispose it once the batch is acknowledged; on failure call
    /// <c>SetStatus(ActivityStatusCode.Error)</c> first.
    /// </summary>
    public Activity? StartBatchDelivery(string streamName, string shardId, string firstSequenceNumber, string lastSequenceNumber, int records)
    {
        var activity = _activitySource.StartActivity($"process {streamName}", ActivityKind.Consumer);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.system", "aws_kinesis");
            activity.SetTag("messaging.operation.type", "process");
            activity.SetTag("messaging.operation.name", "process");
            activity.SetTag("messaging.destination.name", streamName);
            activity.SetTag("messaging.destination.partition.id", shardId);
            activity.SetTag("messaging.batch.message_count", records);
            activity.SetTag("kinesisflow.sequence_number.first", firstSequenceNumber);
            activity.SetTag("kinesisflow.sequence_number.last", lastSequenceNumber);
        }

        return activity;
    }

    // ---- Per worker ------------------------------------------------------------------------------------------------

    /// <summary>What a worker's coordinator saw at the end of a balancing cycle; feeds the per-worker gauges.</summary>
    public void WorkerObserved(string workerId, int leasesOwned, int workersSeen, int shardsWaitingOnParents) =>
        _workers[workerId] = new WorkerState(leasesOwned, workersSeen, shardsWaitingOnParents);

    /// <summary>The worker stopped: its gauges stop reporting.</summary>
    public void WorkerStopped(string workerId) => _workers.TryRemove(workerId, out _);

    /// <summary>The worker took unowned or expired leases.</summary>
    public void LeaseTaken(string workerId, int leases = 1) => _leasesTaken.Add(leases, WorkerTag(workerId));

    /// <summary>The worker stole leases from a more loaded live worker.</summary>
    public void LeaseStolen(string workerId, int leases = 1) => _leasesStolen.Add(leases, WorkerTag(workerId));

    /// <summary>The worker lost leases it held.</summary>
    public void LeaseLost(string workerId, int leases = 1) => _leasesLost.Add(leases, WorkerTag(workerId));

    /// <summary>The worker released leases gracefully (handoff or shutdown).</summary>
    public void LeaseHandedOff(string workerId, int leases = 1) => _leasesHandedOff.Add(leases, WorkerTag(workerId));

    /// <summary>A checkpoint was written for the shard; resets its checkpoint age.</summary>
    public void CheckpointWritten(string workerId, string streamName, string shardId, TimeSpan duration)
    {
        _lastCheckpointTimestamp[new ShardKey(streamName, shardId)] = _time.GetTimestamp();
        _checkpointDuration.Record(duration.TotalSeconds, WorkerTag(workerId));
    }

    /// <summary>
    /// A checkpoint write failed. <paramref name="errorType"/> is <c>lease_lost</c> when the lease had moved on, or the
    /// exception's type name / AWS error code otherwise (bounded by the code, never a message).
    /// </summary>
    public void CheckpointFailed(string workerId, string errorType, TimeSpan duration)
    {
        var tags = WorkerTag(workerId);
        tags.Add(TelemetryTags.ErrorType, errorType);
        _checkpointFailures.Add(1, tags);
        _checkpointDuration.Record(duration.TotalSeconds, tags);
    }

    // ---- Per sink --------------------------------------------------------------------------------------------------

    /// <summary>
    /// Marks one batch as in flight in the sink until the returned scope is disposed:
    /// <c>using (telemetry.SinkBatchInFlight("sekoia")) { ... }</c>.
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

    /// <summary>Disposes the ActivitySource; the Meter belongs to the IMeterFactory and is disposed with it.</summary>
    public void Dispose() => _activitySource.Dispose();

    // ---- Helpers ---------------------------------------------------------------------------------------------------

    private static TagList ShardTags(string streamName, string shardId) =>
        new() { { TelemetryTags.StreamName, streamName }, { TelemetryTags.ShardId, shardId } };

    private static TagList WorkerTag(string workerId) => new() { { TelemetryTags.WorkerId, workerId } };

    private static TagList SinkTag(string sinkName) => new() { { TelemetryTags.SinkName, sinkName } };

    private static TagList SinkErrorTags(string sinkName, string errorType) =>
        new() { { TelemetryTags.SinkName, sinkName }, { TelemetryTags.ErrorType, errorType } };

    private IEnumerable<Measurement<double>> ObserveBehindLatest()
    {
        foreach (var (key, inputs) in _lag)
        {
            if (inputs.MillisBehindLatest is { } millis)
            {
                yield return new Measurement<double>(millis / 1000.0, ShardTags(key.StreamName, key.ShardId));
            }
        }
    }

    private IEnumerable<Measurement<double>> ObserveLag(Func<ShardLag, TimeSpan> value)
    {
        var now = _time.GetUtcNow();
        foreach (var (key, inputs) in _lag)
        {
            yield return new Measurement<double>(value(inputs.At(now)).TotalSeconds, ShardTags(key.StreamName, key.ShardId));
        }
    }

    private IEnumerable<Measurement<double>> ObserveCheckpointAge()
    {
        foreach (var (key, timestamp) in _lastCheckpointTimestamp)
        {
            yield return new Measurement<double>(_time.GetElapsedTime(timestamp).TotalSeconds, ShardTags(key.StreamName, key.ShardId));
        }
    }

    private IEnumerable<Measurement<int>> ObserveWorkers(Func<WorkerState, int> value)
    {
        foreach (var (workerId, state) in _workers)
        {
            yield return new Measurement<int>(value(state), WorkerTag(workerId));
        }
    }

    private readonly record struct ShardKey(string StreamName, string ShardId);

    private readonly record struct LagInputs(long? MillisBehindLatest, DateTimeOffset? OldestUnacknowledgedArrival)
    {
        public ShardLag At(DateTimeOffset now) => ShardLag.At(now, MillisBehindLatest, OldestUnacknowledgedArrival);
    }

    private readonly record struct WorkerState(int LeasesOwned, int WorkersSeen, int ShardsWaitingOnParents);
}
