using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using KinesisFlow.Coordination.Lag;
using KinesisFlow.Coordination.Telemetry;

namespace KinesisFlow.Consumer.Telemetry;

/// <summary>
/// The consumer's instruments on the <c>KinesisFlow</c> meter (<see cref="KinesisFlowMeter"/>): per shard (records,
/// lag, checkpoint age, GetRecords calls), the checkpoint writes, the process's readiness gauge, and the span of one
/// delivered batch (ActivitySource <c>KinesisFlow</c>). The lease instruments live with the leases
/// (<c>LeaseInstruments</c>), the sink instruments with the sinks (<c>SinkInstruments</c>). Callers record through the
/// small typed methods below, so names, units and attributes stay consistent and cardinality stays bounded (stream,
/// shard, worker, and fixed reason sets only). Register it as a singleton; every method is thread-safe and cheap enough
/// for per-batch calls on the hot path.
/// </summary>
public sealed class ConsumerInstruments : IDisposable
{
    private readonly TimeProvider _time;
    private readonly ActivitySource _activitySource;

    // Last values behind the observable gauges, keyed by the shard. An entry lives while the shard runs here
    // (ShardStopped removes it), so a shard that moved to another worker stops reporting from this one instead of
    // freezing at a stale value.
    // The lag inputs are kept, not the lag: the oldest unacknowledged record's age is computed when the gauge is
    // observed, so it keeps growing while a stuck sink holds everything still (no read, no acknowledgement).
    private readonly ConcurrentDictionary<ShardKey, LagInputs> _lag = new();
    private readonly ConcurrentDictionary<ShardKey, long> _lastCheckpointTimestamp = new();

    private readonly Counter<long> _recordsReceived;
    private readonly Counter<long> _bytesReceived;
    private readonly Counter<long> _eventsParsed;
    private readonly Counter<long> _eventsFiltered;
    private readonly Counter<long> _recordsDeadLettered;
    private readonly Counter<long> _getRecordsCalls;
    private readonly Counter<long> _getRecordsThrottles;
    private readonly Counter<long> _iteratorsExpired;

    private readonly Histogram<double> _checkpointDuration;
    private readonly Counter<long> _checkpointFailures;

    /// <param name="meterFactory">Creates the <c>KinesisFlow</c> meter.</param>
    /// <param name="timeProvider">The clock of the gauges that age (lag, checkpoint age).</param>
    /// <param name="readiness">The readiness verdict behind <c>/health/ready</c>, published as <c>kinesisflow.worker.ready</c> so alarms can use it (null: not published).</param>
    public ConsumerInstruments(IMeterFactory meterFactory, TimeProvider timeProvider, ReadinessState? readiness = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _time = timeProvider;
        var meter = KinesisFlowMeter.Create(meterFactory);
        _activitySource = new ActivitySource(KinesisFlowMeter.Name, KinesisFlowMeter.Version);

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

        // Checkpoint writes, per worker (worker.id): the consumer writes them for the shards its worker owns.
        _checkpointDuration = meter.CreateHistogram("kinesisflow.worker.checkpoint.duration", "s",
            "Duration of checkpoint writes to the lease table; failed writes carry error.type.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = KinesisFlowMeter.LatencyBuckets });
        _checkpointFailures = meter.CreateCounter<long>("kinesisflow.worker.checkpoint.failures", "{checkpoint}",
            "Checkpoint writes that failed, by error.type (lease_lost when the lease had moved on).");
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

    // ---- Checkpoints -----------------------------------------------------------------------------------------------

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

    /// <summary>Disposes the ActivitySource; the Meter belongs to the IMeterFactory and is disposed with it.</summary>
    public void Dispose() => _activitySource.Dispose();

    // ---- Helpers ---------------------------------------------------------------------------------------------------

    private static TagList ShardTags(string streamName, string shardId) =>
        new() { { TelemetryTags.StreamName, streamName }, { TelemetryTags.ShardId, shardId } };

    private static TagList WorkerTag(string workerId) => new() { { TelemetryTags.WorkerId, workerId } };

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

    private readonly record struct ShardKey(string StreamName, string ShardId);

    private readonly record struct LagInputs(long? MillisBehindLatest, DateTimeOffset? OldestUnacknowledgedArrival)
    {
        public ShardLag At(DateTimeOffset now) => ShardLag.At(now, MillisBehindLatest, OldestUnacknowledgedArrival);
    }
}
