namespace KinesisFlow.Coordination.Telemetry;

/// <summary>
/// Attribute (tag) names used on KinesisFlow metrics and spans. Every value is bounded: shards, streams, workers and
/// sinks of this process, or a small fixed set of reasons. Never an ENI, an IP address or a sequence number on a metric.
/// </summary>
public static class TelemetryTags
{
    /// <summary>The Kinesis stream name.</summary>
    public const string StreamName = "stream.name";

    /// <summary>The Kinesis shard id (e.g. <c>shardId-000000000001</c>).</summary>
    public const string ShardId = "shard.id";

    /// <summary>The lease-owner id of a worker (several workers may share one process, as in the demo).</summary>
    public const string WorkerId = "worker.id";

    /// <summary>The configured name of a sink (e.g. <c>file</c>, <c>sekoia</c>).</summary>
    public const string SinkName = "sink.name";

    /// <summary>OpenTelemetry's general error classification: a low-cardinality code or an exception type name.</summary>
    public const string ErrorType = "error.type";

    /// <summary>Why a record or an event was dead-lettered (a fixed set, see the consumer's DeadLetterReasons).</summary>
    public const string DeadLetterReason = "kinesisflow.dead_letter.reason";
}
