namespace KinesisFlow.Aws;

/// <summary>
/// Every Kinesis Data Streams operation <see cref="KinesisClient"/> calls, by its API name. The IAM action of each is
/// "kinesis:" + the name, so the policies KinesisFlow needs are derived from these lists rather than written by hand.
/// </summary>
public static class KinesisOperations
{
    public const string DescribeStreamSummary = nameof(DescribeStreamSummary);
    public const string ListShards = nameof(ListShards);
    public const string GetShardIterator = nameof(GetShardIterator);
    public const string GetRecords = nameof(GetRecords);
    public const string PutRecords = nameof(PutRecords);
    public const string RegisterStreamConsumer = nameof(RegisterStreamConsumer);
    public const string DescribeStreamConsumer = nameof(DescribeStreamConsumer);
    public const string ListStreamConsumers = nameof(ListStreamConsumers);
    public const string DeregisterStreamConsumer = nameof(DeregisterStreamConsumer);
    public const string SubscribeToShard = nameof(SubscribeToShard);
    public const string CreateStream = nameof(CreateStream);
    public const string DeleteStream = nameof(DeleteStream);
    public const string SplitShard = nameof(SplitShard);
    public const string MergeShards = nameof(MergeShards);
    public const string UpdateShardCount = nameof(UpdateShardCount);

    /// <summary>What a polling consumer calls.</summary>
    public static IReadOnlyList<string> PollingConsumer { get; } = [DescribeStreamSummary, ListShards, GetShardIterator, GetRecords];

    /// <summary>What an enhanced fan-out consumer calls (it falls back to polling calls to drain a closed shard).</summary>
    public static IReadOnlyList<string> FanOutConsumer { get; } =
        [DescribeStreamSummary, ListShards, GetShardIterator, GetRecords, RegisterStreamConsumer, DescribeStreamConsumer, ListStreamConsumers, SubscribeToShard];

    /// <summary>What the producer calls.</summary>
    public static IReadOnlyList<string> Producer { get; } = [DescribeStreamSummary, ListShards, PutRecords];

    /// <summary>Stream administration (tests, demo, resharding); never needed by a consumer in production.</summary>
    public static IReadOnlyList<string> Administration { get; } =
        [CreateStream, DeleteStream, SplitShard, MergeShards, UpdateShardCount, DeregisterStreamConsumer];

    /// <summary>Every operation the client calls.</summary>
    public static IReadOnlyList<string> All { get; } =
        [DescribeStreamSummary, ListShards, GetShardIterator, GetRecords, PutRecords, RegisterStreamConsumer, DescribeStreamConsumer,
         ListStreamConsumers, DeregisterStreamConsumer, SubscribeToShard, CreateStream, DeleteStream, SplitShard, MergeShards, UpdateShardCount];

    /// <summary>The IAM action of an operation, e.g. "kinesis:GetRecords".</summary>
    public static string IamAction(string operation) => "kinesis:" + operation;
}
