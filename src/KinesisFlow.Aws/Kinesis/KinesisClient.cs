namespace KinesisFlow.Aws;

/// <summary>
/// Kinesis Data Streams over its JSON protocol (X-Amz-Target: Kinesis_20131202.*), signed with SigV4 by the shared
/// <see cref="AwsJsonClient"/> transport.
/// </summary>
public sealed partial class KinesisClient : AwsJsonServiceClient, IKinesisClient
{
    // LimitExceededException from these read and consumer-management calls is Kinesis's per-second rate limit;
    // from CreateStream, RegisterStreamConsumer and resharding it is an account or stream quota, so those fail fast.
    private static readonly AwsOperation DescribeStreamSummaryOp = new(KinesisOperations.DescribeStreamSummary, LimitExceededIsThrottling: true);
    private static readonly AwsOperation ListShardsOp = new(KinesisOperations.ListShards, LimitExceededIsThrottling: true);
    private static readonly AwsOperation GetShardIteratorOp = new(KinesisOperations.GetShardIterator, LimitExceededIsThrottling: true);
    private static readonly AwsOperation GetRecordsOp = new(KinesisOperations.GetRecords, LimitExceededIsThrottling: true);
    private static readonly AwsOperation PutRecordsOp = new(KinesisOperations.PutRecords);
    private static readonly AwsOperation RegisterStreamConsumerOp = new(KinesisOperations.RegisterStreamConsumer);
    private static readonly AwsOperation DescribeStreamConsumerOp = new(KinesisOperations.DescribeStreamConsumer, LimitExceededIsThrottling: true);
    private static readonly AwsOperation ListStreamConsumersOp = new(KinesisOperations.ListStreamConsumers, LimitExceededIsThrottling: true);
    private static readonly AwsOperation DeregisterStreamConsumerOp = new(KinesisOperations.DeregisterStreamConsumer, LimitExceededIsThrottling: true);
    private static readonly AwsOperation SubscribeToShardOp = new(KinesisOperations.SubscribeToShard, LimitExceededIsThrottling: true);
    private static readonly AwsOperation CreateStreamOp = new(KinesisOperations.CreateStream);
    private static readonly AwsOperation DeleteStreamOp = new(KinesisOperations.DeleteStream, LimitExceededIsThrottling: true);
    private static readonly AwsOperation SplitShardOp = new(KinesisOperations.SplitShard);
    private static readonly AwsOperation MergeShardsOp = new(KinesisOperations.MergeShards);
    private static readonly AwsOperation UpdateShardCountOp = new(KinesisOperations.UpdateShardCount);

    public KinesisClient(AwsClientOptions options, TimeProvider? timeProvider = null)
        : base(new AwsJsonClient(AwsJsonService.Kinesis, options, timeProvider))
    {
    }

    /// <summary>Uses a transport built by the caller (custom retry policy, retry notices); the client then owns it.</summary>
    public KinesisClient(AwsJsonClient transport)
        : base(transport)
    {
    }

    public Task<StreamSummary> DescribeStreamSummaryAsync(StreamAddress stream, CancellationToken cancellationToken) =>
        Transport.InvokeAsync(DescribeStreamSummaryOp, stream, KinesisJson.WriteStream, KinesisJson.ReadStreamSummary, cancellationToken);

    public Task<ListShardsResponse> ListShardsAsync(ListShardsRequest request, CancellationToken cancellationToken) =>
        Transport.InvokeAsync(ListShardsOp, request, KinesisJson.WriteListShards, KinesisJson.ReadListShards, cancellationToken);

    public Task<string> GetShardIteratorAsync(GetShardIteratorRequest request, CancellationToken cancellationToken) =>
        Transport.InvokeAsync(GetShardIteratorOp, request, KinesisJson.WriteGetShardIterator, KinesisJson.ReadShardIterator, cancellationToken);

    public Task<GetRecordsResponse> GetRecordsAsync(GetRecordsRequest request, CancellationToken cancellationToken) =>
        Transport.InvokeAsync(GetRecordsOp, request, KinesisJson.WriteGetRecords, KinesisJson.ReadGetRecords, cancellationToken);

    public Task<PutRecordsResponse> PutRecordsAsync(PutRecordsRequest request, CancellationToken cancellationToken) =>
        Transport.InvokeAsync(PutRecordsOp, request, KinesisJson.WritePutRecords, KinesisJson.ReadPutRecords, cancellationToken);

    public Task<StreamConsumer> RegisterStreamConsumerAsync(string streamArn, string consumerName, CancellationToken cancellationToken) =>
        Transport.InvokeAsync(
            RegisterStreamConsumerOp,
            StreamConsumerAddress.ByName(streamArn, consumerName),
            KinesisJson.WriteConsumerAddress,
            KinesisJson.ReadRegisteredConsumer,
            cancellationToken);

    public Task<StreamConsumerDescription> DescribeStreamConsumerAsync(StreamConsumerAddress consumer, CancellationToken cancellationToken) =>
        Transport.InvokeAsync(DescribeStreamConsumerOp, consumer, KinesisJson.WriteConsumerAddress, KinesisJson.ReadConsumerDescription, cancellationToken);

    public Task<ListStreamConsumersResponse> ListStreamConsumersAsync(ListStreamConsumersRequest request, CancellationToken cancellationToken) =>
        Transport.InvokeAsync(ListStreamConsumersOp, request, KinesisJson.WriteListStreamConsumers, KinesisJson.ReadListStreamConsumers, cancellationToken);

    public Task DeregisterStreamConsumerAsync(StreamConsumerAddress consumer, CancellationToken cancellationToken) =>
        Transport.InvokeAsync(DeregisterStreamConsumerOp, consumer, KinesisJson.WriteConsumerAddress, cancellationToken);

    public Task CreateStreamAsync(CreateStreamRequest request, CancellationToken cancellationToken) =>
        Transport.InvokeAsync(CreateStreamOp, request, KinesisJson.WriteCreateStream, cancellationToken);

    public Task DeleteStreamAsync(DeleteStreamRequest request, CancellationToken cancellationToken) =>
        Transport.InvokeAsync(DeleteStreamOp, request, KinesisJson.WriteDeleteStream, cancellationToken);

    public Task SplitShardAsync(SplitShardRequest request, CancellationToken cancellationToken) =>
        Transport.InvokeAsync(SplitShardOp, request, KinesisJson.WriteSplitShard, cancellationToken);

    public Task MergeShardsAsync(MergeShardsRequest request, CancellationToken cancellationToken) =>
        Transport.InvokeAsync(MergeShardsOp, request, KinesisJson.WriteMergeShards, cancellationToken);

    public Task<UpdateShardCountResponse> UpdateShardCountAsync(UpdateShardCountRequest request, CancellationToken cancellationToken) =>
        Transport.InvokeAsync(UpdateShardCountOp, request, KinesisJson.WriteUpdateShardCount, KinesisJson.ReadUpdateShardCount, cancellationToken);
}
