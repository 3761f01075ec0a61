namespace KinesisFlow.Aws;

/// <summary>
/// A stream is addressed by name or by ARN (exactly one is sent). Kinesalite rejects ARNs; AWS and kinesis-mock take both.
/// A plain string converts to an address by ARN when it starts with "arn:", by name otherwise.
/// </summary>
public readonly record struct StreamAddress(string? Name, string? Arn)
{
    public static StreamAddress ByName(string name) => new(name, null);

    public static StreamAddress ByArn(string arn) => new(null, arn);

    public static implicit operator StreamAddress(string nameOrArn) => FromString(nameOrArn);

    public static StreamAddress FromString(string nameOrArn)
    {
        ArgumentException.ThrowIfNullOrEmpty(nameOrArn);
        return nameOrArn.StartsWith("arn:", StringComparison.Ordinal) ? ByArn(nameOrArn) : ByName(nameOrArn);
    }

    public override string ToString() => Arn ?? Name ?? "(no stream)";
}

/// <summary>Where reading starts: GetShardIterator's ShardIteratorType, SubscribeToShard's StartingPosition.</summary>
public sealed record StartingPosition(StartingPositionType Type, string? SequenceNumber = null, DateTimeOffset? Timestamp = null)
{
    public static StartingPosition TrimHorizon { get; } = new(StartingPositionType.TrimHorizon);

    public static StartingPosition Latest { get; } = new(StartingPositionType.Latest);

    public static StartingPosition AtSequenceNumber(string sequenceNumber) => new(StartingPositionType.AtSequenceNumber, sequenceNumber);

    public static StartingPosition AfterSequenceNumber(string sequenceNumber) => new(StartingPositionType.AfterSequenceNumber, sequenceNumber);

    public static StartingPosition AtTimestamp(DateTimeOffset timestamp) => new(StartingPositionType.AtTimestamp, Timestamp: timestamp);

    /// <summary>In the API's words, for logs: TRIM_HORIZON, LATEST, AFTER_SEQUENCE_NUMBER 4959..., AT_TIMESTAMP 2026-11-26T10:00:00Z.</summary>
    public override string ToString() => Type switch
    {
        StartingPositionType.TrimHorizon => "TRIM_HORIZON",
        StartingPositionType.Latest => "LATEST",
        StartingPositionType.AtSequenceNumber => $"AT_SEQUENCE_NUMBER {SequenceNumber}",
        StartingPositionType.AfterSequenceNumber => $"AFTER_SEQUENCE_NUMBER {SequenceNumber}",
        StartingPositionType.AtTimestamp => $"AT_TIMESTAMP {Timestamp:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}",
        _ => Type.ToString(),
    };
}

public enum StartingPositionType
{
    TrimHorizon,
    Latest,
    AtSequenceNumber,
    AfterSequenceNumber,
    AtTimestamp,
}

public sealed record HashKeyRange(string StartingHashKey, string EndingHashKey);

/// <summary>
/// EndingSequenceNumber is set once the shard is closed (split, merged). kinesis-mock reports a closed parent's as
/// 9223372036854775807 (Long.MaxValue) rather than its last record's number: treat it as "closed", not as a position.
/// </summary>
public sealed record SequenceNumberRange(string StartingSequenceNumber, string? EndingSequenceNumber);

public sealed record Shard(
    string ShardId,
    string? ParentShardId,
    string? AdjacentParentShardId,
    HashKeyRange HashKeyRange,
    SequenceNumberRange SequenceNumberRange)
{
    public bool IsClosed => SequenceNumberRange.EndingSequenceNumber is not null;
}

/// <summary>A shard that replaced the one being read, reported at its end (GetRecords, SubscribeToShard).</summary>
public sealed record ChildShard(string ShardId, IReadOnlyList<string> ParentShards, HashKeyRange HashKeyRange);

/// <summary>
/// One Kinesis record. <see cref="Data"/> is already base64-decoded; the records of one response share one buffer.
/// </summary>
public sealed record KinesisRecord(
    string SequenceNumber,
    DateTimeOffset? ApproximateArrivalTimestamp,
    ReadOnlyMemory<byte> Data,
    string PartitionKey,
    string? EncryptionType);

public sealed record StreamSummary(
    string StreamName,
    string StreamArn,
    string StreamStatus,
    string? StreamMode,
    int RetentionPeriodHours,
    DateTimeOffset? StreamCreationTimestamp,
    int OpenShardCount,
    int? ConsumerCount,
    string? EncryptionType)
{
    public bool IsActive => StreamStatus == "ACTIVE";
}

public enum ShardFilterType
{
    AfterShardId,
    AtTrimHorizon,
    FromTrimHorizon,
    AtLatest,
    AtTimestamp,
    FromTimestamp,
}

/// <summary>ListShards' ShardFilter: ShardId goes with AfterShardId, Timestamp with AtTimestamp/FromTimestamp.</summary>
public sealed record ShardFilter(ShardFilterType Type, string? ShardId = null, DateTimeOffset? Timestamp = null);

/// <summary>
/// ListShards. A first page names the stream (and optionally filters); a follow-up page sends only
/// <see cref="NextToken"/> (and <see cref="MaxResults"/>): the service rejects a NextToken sent with a stream name or filter.
/// </summary>
public sealed record ListShardsRequest
{
    public StreamAddress Stream { get; init; }

    public string? NextToken { get; init; }

    public string? ExclusiveStartShardId { get; init; }

    public int? MaxResults { get; init; }

    public DateTimeOffset? StreamCreationTimestamp { get; init; }

    public ShardFilter? ShardFilter { get; init; }
}

public sealed record ListShardsResponse(IReadOnlyList<Shard> Shards, string? NextToken);

public sealed record GetShardIteratorRequest(StreamAddress Stream, string ShardId, StartingPosition Position);

public sealed record GetRecordsRequest(string ShardIterator, int? Limit = null, string? StreamArn = null);

/// <summary>
/// <see cref="NextShardIterator"/> is null once a closed shard has been read to its end; <see cref="ChildShards"/> is then
/// filled (by AWS and kinesis-mock; kinesalite sends none).
/// </summary>
public sealed record GetRecordsResponse(
    IReadOnlyList<KinesisRecord> Records,
    string? NextShardIterator,
    long? MillisBehindLatest,
    IReadOnlyList<ChildShard> ChildShards);

public sealed record PutRecordsEntry(ReadOnlyMemory<byte> Data, string PartitionKey, string? ExplicitHashKey = null);

/// <summary>Up to <see cref="MaxRecords"/> records (and 5 MiB in all) per call.</summary>
public sealed record PutRecordsRequest(StreamAddress Stream, IReadOnlyList<PutRecordsEntry> Records)
{
    public const int MaxRecords = 500;
}

/// <summary>Per-record result, in request order: a sequence number and shard, or an error code (retry just those).</summary>
public sealed record PutRecordsResultEntry(string? SequenceNumber, string? ShardId, string? ErrorCode, string? ErrorMessage)
{
    public bool Succeeded => ErrorCode is null;
}

public sealed record PutRecordsResponse(int FailedRecordCount, IReadOnlyList<PutRecordsResultEntry> Records, string? EncryptionType);

public sealed record StreamConsumer(string ConsumerName, string ConsumerArn, string ConsumerStatus, DateTimeOffset? ConsumerCreationTimestamp)
{
    public bool IsActive => ConsumerStatus == "ACTIVE";
}

public sealed record StreamConsumerDescription(
    string ConsumerName,
    string ConsumerArn,
    string ConsumerStatus,
    DateTimeOffset? ConsumerCreationTimestamp,
    string StreamArn)
{
    public bool IsActive => ConsumerStatus == "ACTIVE";
}

/// <summary>A consumer is named by its ARN, or by stream ARN plus consumer name.</summary>
public sealed record StreamConsumerAddress(string? ConsumerArn, string? StreamArn = null, string? ConsumerName = null)
{
    public static StreamConsumerAddress ByArn(string consumerArn) => new(consumerArn);

    public static StreamConsumerAddress ByName(string streamArn, string consumerName) => new(null, streamArn, consumerName);
}

public sealed record ListStreamConsumersRequest(string StreamArn, string? NextToken = null, int? MaxResults = null, DateTimeOffset? StreamCreationTimestamp = null);

public sealed record ListStreamConsumersResponse(IReadOnlyList<StreamConsumer> Consumers, string? NextToken);

public sealed record SubscribeToShardRequest(string ConsumerArn, string ShardId, StartingPosition Position);

/// <summary>
/// One SubscribeToShardEvent. Resume a renewed subscription AFTER <see cref="ContinuationSequenceNumber"/>; a
/// non-empty <see cref="ChildShards"/> means the shard has ended.
/// </summary>
public sealed record SubscribeToShardEvent(
    IReadOnlyList<KinesisRecord> Records,
    string? ContinuationSequenceNumber,
    long? MillisBehindLatest,
    IReadOnlyList<ChildShard> ChildShards);

public enum StreamMode
{
    Provisioned,
    OnDemand,
}

public sealed record CreateStreamRequest(string StreamName, int? ShardCount, StreamMode Mode = StreamMode.Provisioned);

public sealed record DeleteStreamRequest(StreamAddress Stream, bool EnforceConsumerDeletion = false);

public sealed record SplitShardRequest(StreamAddress Stream, string ShardToSplit, string NewStartingHashKey);

public sealed record MergeShardsRequest(StreamAddress Stream, string ShardToMerge, string AdjacentShardToMerge);

public sealed record UpdateShardCountRequest(StreamAddress Stream, int TargetShardCount);

public sealed record UpdateShardCountResponse(string? StreamName, int CurrentShardCount, int TargetShardCount);
