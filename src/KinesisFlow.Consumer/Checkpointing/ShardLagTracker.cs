using KinesisFlow.Consumer.Retrieval;
using KinesisFlow.Consumer.Supervision;
using KinesisFlow.Consumer.Telemetry;
using KinesisFlow.Coordination.Lag;

namespace KinesisFlow.Consumer.Checkpointing;

/// <summary>
/// One shard's lag inputs: the last MillisBehindLatest, and the arrival times of the records read and not yet
/// acknowledged by every sink. Every change goes to the telemetry gauges and to the lease coordinator (for
/// <c>status</c>), which both compute the age of the oldest waiting record when they observe it: a stuck sink stops
/// reads and acknowledgements, yet the lag it causes keeps growing. Thread-safe: the read loop adds while the
/// acknowledging loop removes.
/// </summary>
internal sealed class ShardLagTracker(string streamName, string shardId, IShardLeases leases, TimeProvider time, ConsumerInstruments telemetry)
{
    private readonly Lock _gate = new();
    private readonly UnacknowledgedArrivals _waiting = new();
    private long? _millisBehindLatest;

    /// <summary>
    /// A read brought these records: they wait until acknowledged. A record without an ApproximateArrivalTimestamp (some
    /// emulators) counts from now, when it was read: its age is then a lower bound.
    /// </summary>
    public void Read(ShardReadResult read)
    {
        if (read.MillisBehindLatest is { } millis)
        {
            telemetry.MillisBehindLatest(streamName, shardId, millis);
        }

        lock (_gate)
        {
            var readAt = time.GetUtcNow();
            foreach (var record in read.Records)
            {
                _waiting.Read(record.ApproximateArrivalTimestamp ?? readAt);
            }

            _millisBehindLatest = read.MillisBehindLatest ?? _millisBehindLatest;
            PublishLocked();
        }
    }

    /// <summary>The oldest <paramref name="records"/> waiting records were acknowledged by every sink.</summary>
    public void Acknowledged(int records)
    {
        lock (_gate)
        {
            _waiting.Acknowledged(records);
            PublishLocked();
        }
    }

    // Under the lock, so that a read and an acknowledgement racing cannot leave the older of their two views published
    // (both calls are non-blocking dictionary writes).
    private void PublishLocked()
    {
        var oldest = _waiting.Oldest;
        telemetry.OldestUnacknowledgedArrival(streamName, shardId, oldest);
        leases.ReportLag(shardId, _millisBehindLatest, oldest);
    }
}
