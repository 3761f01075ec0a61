using KinesisFlow.Aws;

namespace KinesisFlow.Consumer.Retrieval;

/// <summary>
/// The AWS client's SubscribeToShard call: the events of one subscription until the service ends it, as an async
/// stream; errors inside the stream surface as <see cref="AwsServiceException"/>.
/// </summary>
public delegate IAsyncEnumerable<SubscribeToShardEvent> SubscribeToShard(SubscribeToShardRequest request, CancellationToken cancellationToken);
