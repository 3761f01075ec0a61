namespace KinesisFlow.Consumer.Configuration;

/// <summary>Section <c>Kinesis</c>: the stream, its endpoint, and the retrieval mode.</summary>
public sealed class KinesisOptions
{
    /// <summary>The stream name (<c>--stream</c>). Required.</summary>
    public string? StreamName { get; set; }

    /// <summary>The AWS region (<c>--region</c>); from the standard AWS chain (AWS_REGION, profile) when empty.</summary>
    public string? Region { get; set; }

    /// <summary>An explicit Kinesis endpoint (<c>--endpoint-url</c>): a VPC endpoint or a local emulator.</summary>
    public string? EndpointUrl { get; set; }

    /// <summary><c>Polling</c> (GetRecords) or <c>FanOut</c> (enhanced fan-out, SubscribeToShard) (<c>--mode polling|fanout</c>).</summary>
    public RetrievalMode Mode { get; set; } = RetrievalMode.Polling;

    /// <summary>
    /// Where a shard without a checkpoint starts (<c>--initial-position</c>): <c>trim-horizon</c>, <c>latest</c> or
    /// <c>at-timestamp:2026-11-26T10:00:00Z</c>.
    /// </summary>
    public string InitialPosition { get; set; } = "trim-horizon";

    /// <summary>The enhanced fan-out consumer's name, registered on the stream or reused when it exists.</summary>
    public string ConsumerName { get; set; } = "kinesisflow";

    /// <summary>Most records asked for per GetRecords call (Kinesis allows 10,000).</summary>
    public int MaxRecordsPerRead { get; set; } = 10_000;

    /// <summary>GetRecords calls per second per shard; lower it when other applications poll the same stream.</summary>
    public double MaxReadsPerSecond { get; set; } = 5;

    /// <summary>Bytes per second per shard (Kinesis allows 2 MiB, shared by every polling application).</summary>
    public long MaxBytesPerSecond { get; set; } = 2L * 1024 * 1024;

    /// <summary>Wait between reads once a shard is caught up.</summary>
    public TimeSpan IdleDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Ceiling of the wait after ProvisionedThroughputExceeded (doubled per throttle in a row; the wait is drawn below it).</summary>
    public TimeSpan ThrottleBackoff { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Cap of the throttle backoff's ceiling.</summary>
    public TimeSpan MaxThrottleBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A fan-out subscription is renewed after this long, safely inside the 5 minutes AWS grants (and past the 5 s
    /// within which a resubscription is refused).
    /// </summary>
    public TimeSpan SubscriptionRenewal { get; set; } = TimeSpan.FromMinutes(4.5);

    /// <summary>How often a fan-out shard checks, with ListShards, whether it was closed without a ChildShards event.</summary>
    public TimeSpan ShardClosedCheckInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Fan-out subscriptions of a shard that may fail in a row (no record delivered, no natural end) before the shard
    /// falls back to polling (GetRecords) until its task restarts. A deregistered consumer falls back at once.
    /// </summary>
    public int SubscriptionFailuresBeforePolling { get; set; } = 5;

    /// <summary>
    /// Ceiling of the wait before resubscribing after a failed subscription, doubled per failure in a row; the wait is
    /// drawn below it (full jitter).
    /// </summary>
    public TimeSpan ResubscribeDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Cap of the resubscription wait's ceiling.</summary>
    public TimeSpan MaxResubscribeDelay { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>How records are read from the stream.</summary>
public enum RetrievalMode
{
    /// <summary>GetRecords, within the per-shard budget shared with every other polling application.</summary>
    Polling,

    /// <summary>Enhanced fan-out: a dedicated 2 MB/s per shard pushed over HTTP/2 (SubscribeToShard).</summary>
    FanOut,
}
