using System.Text.Json;

namespace KinesisFlow.Aws;

/// <summary>Request bodies and response shapes of the Kinesis Data Streams JSON API (Kinesis_20131202).</summary>
internal static class KinesisJson
{
    public static void WriteStream(Utf8JsonWriter writer, StreamAddress stream)
    {
        if (!string.IsNullOrEmpty(stream.Arn))
        {
            writer.WriteString("StreamARN", stream.Arn);
        }
        else if (!string.IsNullOrEmpty(stream.Name))
        {
            writer.WriteString("StreamName", stream.Name);
        }
        else
        {
            throw new ArgumentException("A stream name or ARN is required.", nameof(stream));
        }
    }

    public static void WriteListShards(Utf8JsonWriter writer, ListShardsRequest request)
    {
        if (request.NextToken is not null)
        {
            // A follow-up page carries the token alone: the service rejects it together with StreamName or ShardFilter.
            writer.WriteString("NextToken", request.NextToken);
        }
        else
        {
            WriteStream(writer, request.Stream);
            if (request.ExclusiveStartShardId is not null)
            {
                writer.WriteString("ExclusiveStartShardId", request.ExclusiveStartShardId);
            }

            if (request.StreamCreationTimestamp is { } created)
            {
                writer.WriteTimestamp("StreamCreationTimestamp", created);
            }

            if (request.ShardFilter is { } filter)
            {
                WriteShardFilter(writer, filter);
            }
        }

        if (request.MaxResults is { } max)
        {
            writer.WriteNumber("MaxResults", max);
        }
    }

    public static ListShardsResponse ReadListShards(JsonElement root) =>
        new(root.GetArrayOrEmpty("Shards", KinesisRecordReader.ReadShard), root.GetStringOrNull("NextToken"));

    public static string ReadShardIterator(JsonElement root) => root.GetRequiredString("ShardIterator");

    public static void WriteGetShardIterator(Utf8JsonWriter writer, GetShardIteratorRequest request)
    {
        WriteStream(writer, request.Stream);
        writer.WriteString("ShardId", request.ShardId);
        writer.WriteString("ShardIteratorType", IteratorTypeName(request.Position.Type));
        WritePositionDetails(writer, request.Position, "StartingSequenceNumber");
    }

    public static void WriteSubscribeToShard(Utf8JsonWriter writer, SubscribeToShardRequest request)
    {
        writer.WriteString("ConsumerARN", request.ConsumerArn);
        writer.WriteString("ShardId", request.ShardId);
        WriteStartingPosition(writer, request.Position);
    }

    private static void WriteStartingPosition(Utf8JsonWriter writer, StartingPosition position)
    {
        writer.WriteStartObject("StartingPosition");
        writer.WriteString("Type", IteratorTypeName(position.Type));
        WritePositionDetails(writer, position, "SequenceNumber");
        writer.WriteEndObject();
    }

    public static void WriteGetRecords(Utf8JsonWriter writer, GetRecordsRequest request)
    {
        writer.WriteString("ShardIterator", request.ShardIterator);
        if (request.Limit is { } limit)
        {
            writer.WriteNumber("Limit", limit);
        }

        if (request.StreamArn is not null)
        {
            writer.WriteString("StreamARN", request.StreamArn);
        }
    }

    public static GetRecordsResponse ReadGetRecords(JsonElement root) =>
        ReadBatch(root, "NextShardIterator", static (records, position, behind, children) => new GetRecordsResponse(records, position, behind, children));

    public static SubscribeToShardEvent ReadSubscribeToShardEvent(JsonElement root) =>
        ReadBatch(root, "ContinuationSequenceNumber", static (records, position, behind, children) => new SubscribeToShardEvent(records, position, behind, children));

    public static void WritePutRecords(Utf8JsonWriter writer, PutRecordsRequest request)
    {
        if (request.Records.Count is 0 or > PutRecordsRequest.MaxRecords)
        {
            throw new ArgumentException($"PutRecords takes 1 to {PutRecordsRequest.MaxRecords} records, not {request.Records.Count}.", nameof(request));
        }

        WriteStream(writer, request.Stream);
        writer.WriteStartArray("Records");
        foreach (var record in request.Records)
        {
            writer.WriteStartObject();
            writer.WriteBase64String("Data", record.Data.Span);
            writer.WriteString("PartitionKey", record.PartitionKey);
            if (record.ExplicitHashKey is not null)
            {
                writer.WriteString("ExplicitHashKey", record.ExplicitHashKey);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    public static PutRecordsResponse ReadPutRecords(JsonElement root) =>
        new(
            root.GetInt32OrNull("FailedRecordCount") ?? 0,
            root.GetArrayOrEmpty("Records", static entry => new PutRecordsResultEntry(
                entry.GetStringOrNull("SequenceNumber"),
                entry.GetStringOrNull("ShardId"),
                entry.GetStringOrNull("ErrorCode"),
                entry.GetStringOrNull("ErrorMessage"))),
            root.GetStringOrNull("EncryptionType"));

    public static StreamSummary ReadStreamSummary(JsonElement root)
    {
        var summary = root.GetRequired("StreamDescriptionSummary");
        return new StreamSummary(
            summary.GetRequiredString("StreamName"),
            summary.GetStringOrNull("StreamARN") ?? string.Empty,
            summary.GetRequiredString("StreamStatus"),
            summary.TryGetNonNull("StreamModeDetails", out var mode) ? mode.GetStringOrNull("StreamMode") : null,
            summary.GetInt32OrNull("RetentionPeriodHours") ?? 24,
            summary.GetTimestampOrNull("StreamCreationTimestamp"),
            summary.GetInt32OrNull("OpenShardCount") ?? 0,
            summary.GetInt32OrNull("ConsumerCount"),
            summary.GetStringOrNull("EncryptionType"));
    }

    public static void WriteConsumerAddress(Utf8JsonWriter writer, StreamConsumerAddress address)
    {
        if (address.ConsumerArn is not null)
        {
            writer.WriteString("ConsumerARN", address.ConsumerArn);
        }
        else if (address.StreamArn is not null && address.ConsumerName is not null)
        {
            writer.WriteString("StreamARN", address.StreamArn);
            writer.WriteString("ConsumerName", address.ConsumerName);
        }
        else
        {
            throw new ArgumentException("A consumer ARN, or a stream ARN and consumer name, is required.", nameof(address));
        }
    }

    public static StreamConsumer ReadConsumer(JsonElement consumer) =>
        new(
            consumer.GetRequiredString("ConsumerName"),
            consumer.GetRequiredString("ConsumerARN"),
            consumer.GetStringOrNull("ConsumerStatus") ?? "CREATING",
            consumer.GetTimestampOrNull("ConsumerCreationTimestamp"));

    public static StreamConsumer ReadRegisteredConsumer(JsonElement root) => ReadConsumer(root.GetRequired("Consumer"));

    public static StreamConsumerDescription ReadConsumerDescription(JsonElement root)
    {
        var description = root.GetRequired("ConsumerDescription");
        var consumer = ReadConsumer(description);
        return new StreamConsumerDescription(
            consumer.ConsumerName,
            consumer.ConsumerArn,
            consumer.ConsumerStatus,
            consumer.ConsumerCreationTimestamp,
            description.GetStringOrNull("StreamARN") ?? string.Empty);
    }

    public static void WriteListStreamConsumers(Utf8JsonWriter writer, ListStreamConsumersRequest request)
    {
        writer.WriteString("StreamARN", request.StreamArn);
        if (request.NextToken is not null)
        {
            writer.WriteString("NextToken", request.NextToken);
        }

        if (request.MaxResults is { } max)
        {
            writer.WriteNumber("MaxResults", max);
        }

        if (request.StreamCreationTimestamp is { } created)
        {
            writer.WriteTimestamp("StreamCreationTimestamp", created);
        }
    }

    public static ListStreamConsumersResponse ReadListStreamConsumers(JsonElement root) =>
        new(root.GetArrayOrEmpty("Consumers", ReadConsumer), root.GetStringOrNull("NextToken"));

    public static void WriteCreateStream(Utf8JsonWriter writer, CreateStreamRequest request)
    {
        writer.WriteString("StreamName", request.StreamName);
        if (request.ShardCount is { } count)
        {
            writer.WriteNumber("ShardCount", count);
        }

        writer.WriteStartObject("StreamModeDetails");
        writer.WriteString("StreamMode", request.Mode == StreamMode.OnDemand ? "ON_DEMAND" : "PROVISIONED");
        writer.WriteEndObject();
    }

    public static void WriteDeleteStream(Utf8JsonWriter writer, DeleteStreamRequest request)
    {
        WriteStream(writer, request.Stream);
        if (request.EnforceConsumerDeletion)
        {
            writer.WriteBoolean("EnforceConsumerDeletion", true);
        }
    }

    public static void WriteSplitShard(Utf8JsonWriter writer, SplitShardRequest request)
    {
        WriteStream(writer, request.Stream);
        writer.WriteString("ShardToSplit", request.ShardToSplit);
        writer.WriteString("NewStartingHashKey", request.NewStartingHashKey);
    }

    public static void WriteMergeShards(Utf8JsonWriter writer, MergeShardsRequest request)
    {
        WriteStream(writer, request.Stream);
        writer.WriteString("ShardToMerge", request.ShardToMerge);
        writer.WriteString("AdjacentShardToMerge", request.AdjacentShardToMerge);
    }

    public static void WriteUpdateShardCount(Utf8JsonWriter writer, UpdateShardCountRequest request)
    {
        WriteStream(writer, request.Stream);
        writer.WriteNumber("TargetShardCount", request.TargetShardCount);
        writer.WriteString("ScalingType", "UNIFORM_SCALING");
    }

    public static UpdateShardCountResponse ReadUpdateShardCount(JsonElement root) =>
        new(root.GetStringOrNull("StreamName"), root.GetInt32OrNull("CurrentShardCount") ?? 0, root.GetInt32OrNull("TargetShardCount") ?? 0);

    /// <summary>GetRecords and SubscribeToShard events carry the same batch: records, a position to go on from, lag, children.</summary>
    private static T ReadBatch<T>(
        JsonElement root,
        string positionProperty,
        Func<IReadOnlyList<KinesisRecord>, string?, long?, IReadOnlyList<ChildShard>, T> create) =>
        create(
            KinesisRecordReader.ReadRecords(root),
            root.GetStringOrNull(positionProperty),
            root.GetInt64OrNull("MillisBehindLatest"),
            KinesisRecordReader.ReadChildShards(root));

    private static void WriteShardFilter(Utf8JsonWriter writer, ShardFilter filter)
    {
        writer.WriteStartObject("ShardFilter");
        writer.WriteString("Type", filter.Type switch
        {
            ShardFilterType.AfterShardId => "AFTER_SHARD_ID",
            ShardFilterType.AtTrimHorizon => "AT_TRIM_HORIZON",
            ShardFilterType.FromTrimHorizon => "FROM_TRIM_HORIZON",
            ShardFilterType.AtLatest => "AT_LATEST",
            ShardFilterType.AtTimestamp => "AT_TIMESTAMP",
            ShardFilterType.FromTimestamp => "FROM_TIMESTAMP",
            _ => throw new ArgumentOutOfRangeException(nameof(filter), filter.Type, "Unknown shard filter type."),
        });
        if (filter.ShardId is not null)
        {
            writer.WriteString("ShardId", filter.ShardId);
        }

        if (filter.Timestamp is { } timestamp)
        {
            writer.WriteTimestamp("Timestamp", timestamp);
        }

        writer.WriteEndObject();
    }

    private static void WritePositionDetails(Utf8JsonWriter writer, StartingPosition position, string sequenceNumberName)
    {
        switch (position.Type)
        {
            case StartingPositionType.AtSequenceNumber or StartingPositionType.AfterSequenceNumber:
                writer.WriteString(sequenceNumberName, position.SequenceNumber
                    ?? throw new ArgumentException($"{position.Type} needs a sequence number.", nameof(position)));
                break;
            case StartingPositionType.AtTimestamp:
                writer.WriteTimestamp("Timestamp", position.Timestamp
                    ?? throw new ArgumentException("AtTimestamp needs a timestamp.", nameof(position)));
                break;
            default:
                break;
        }
    }

    private static string IteratorTypeName(StartingPositionType type) => type switch
    {
        StartingPositionType.TrimHorizon => "TRIM_HORIZON",
        StartingPositionType.Latest => "LATEST",
        StartingPositionType.AtSequenceNumber => "AT_SEQUENCE_NUMBER",
        StartingPositionType.AfterSequenceNumber => "AFTER_SEQUENCE_NUMBER",
        StartingPositionType.AtTimestamp => "AT_TIMESTAMP",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown starting position."),
    };
}
