namespace KinesisFlow.Aws;

/// <summary>
/// Kinesis Data Streams, as KinesisFlow uses it. Errors surface as <see cref="AwsServiceException"/> named by their
/// AWS error code after the transport's retries; every call honours cancellation.
/// </summary>
public interface IKinesisClient
{
    Task<StreamSummary> DescribeStreamSummaryAsync(StreamAddress stream, CancellationToken cancellationToken);

    /// <summary>One page; <see cref="KinesisClientExtensions.ListAllShardsAsync"/> pages through all of them.</summary>
    Task<ListShardsResponse> ListShardsAsync(ListShardsRequest request, CancellationToken cancellationToken);

    Task<string> GetShardIteratorAsync(GetShardIteratorRequest request, CancellationToken cancellationToken);

    Task<GetRecordsResponse> GetRecordsAsync(GetRecordsRequest request, CancellationToken cancellationToken);

    /// <summary>Writes up to 500 records; the response says which ones failed (retry those).</summary>
    Task<PutRecordsResponse> PutRecordsAsync(PutRecordsRequest request, CancellationToken cancellationToken);

    Task<StreamConsumer> RegisterStreamConsumerAsync(string streamArn, string consumerName, CancellationToken cancellationToken);

    Task<StreamConsumerDescription> DescribeStreamConsumerAsync(StreamConsumerAddress consumer, CancellationToken cancellationToken);

    Task<ListStreamConsumersResponse> ListStreamConsumersAsync(ListStreamConsumersRequest request, CancellationToken cancellationToken);

    Task DeregisterStreamConsumerAsync(StreamConsumerAddress consumer, CancellationToken cancellationToken);

    /// <summary>
    /// Subscribes an enhanced fan-out consumer to a shard over HTTP/2 and yields its events until the service ends
    /// the subscription (after about 5 minutes), the shard ends, or cancellation. An exception event, or no event
    /// within the client's timeout, ends the sequence with <see cref="AwsServiceException"/> / <see cref="TimeoutException"/>.
    /// </summary>
    IAsyncEnumerable<SubscribeToShardEvent> SubscribeToShardAsync(SubscribeToShardRequest request, CancellationToken cancellationToken);

    Task CreateStreamAsync(CreateStreamRequest request, CancellationToken cancellationToken);

    Task DeleteStreamAsync(DeleteStreamRequest request, CancellationToken cancellationToken);

    Task SplitShardAsync(SplitShardRequest request, CancellationToken cancellationToken);

    Task MergeShardsAsync(MergeShardsRequest request, CancellationToken cancellationToken);

    Task<UpdateShardCountResponse> UpdateShardCountAsync(UpdateShardCountRequest request, CancellationToken cancellationToken);
}
