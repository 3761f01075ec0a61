using System.Diagnostics;
using System.Globalization;
using KinesisFlow.Aws;

namespace KinesisFlow.Benchmarks;

/// <summary>
/// A Kinesis whose every shard is caught up: GetRecords answers no records and MillisBehindLatest 0, at once. It notes
/// when each shard was read so the idle-shards measurement can check the pacing; nothing else is served.
/// </summary>
internal sealed class CaughtUpKinesisClient(int shards) : IKinesisClient
{
    // One list per shard, each appended by its shard's single reader only, and read after the readers stopped.
    private readonly List<long>[] _reads = [.. Enumerable.Range(0, shards).Select(_ => new List<long>())];

    /// <summary>When each shard's GetRecords calls came, in <see cref="Stopwatch"/> ticks.</summary>
    public IReadOnlyList<IReadOnlyList<long>> Reads => _reads;

    public static string ShardId(int shard) => $"shardId-{shard:D12}";

    public Task<string> GetShardIteratorAsync(GetShardIteratorRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(int.Parse(request.ShardId.AsSpan("shardId-".Length), CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture));

    public Task<GetRecordsResponse> GetRecordsAsync(GetRecordsRequest request, CancellationToken cancellationToken)
    {
        _reads[int.Parse(request.ShardIterator, CultureInfo.InvariantCulture)].Add(Stopwatch.GetTimestamp());
        return Task.FromResult(new GetRecordsResponse([], request.ShardIterator, 0, []));
    }

    public Task<StreamSummary> DescribeStreamSummaryAsync(StreamAddress stream, CancellationToken cancellationToken) => throw NotServed();

    public Task<ListShardsResponse> ListShardsAsync(ListShardsRequest request, CancellationToken cancellationToken) => throw NotServed();

    public Task<PutRecordsResponse> PutRecordsAsync(PutRecordsRequest request, CancellationToken cancellationToken) => throw NotServed();

    public Task<StreamConsumer> RegisterStreamConsumerAsync(string streamArn, string consumerName, CancellationToken cancellationToken) => throw NotServed();

    public Task<StreamConsumerDescription> DescribeStreamConsumerAsync(StreamConsumerAddress consumer, CancellationToken cancellationToken) => throw NotServed();

    public Task<ListStreamConsumersResponse> ListStreamConsumersAsync(ListStreamConsumersRequest request, CancellationToken cancellationToken) => throw NotServed();

    public Task DeregisterStreamConsumerAsync(StreamConsumerAddress consumer, CancellationToken cancellationToken) => throw NotServed();

    public IAsyncEnumerable<SubscribeToShardEvent> SubscribeToShardAsync(SubscribeToShardRequest request, CancellationToken cancellationToken) => throw NotServed();

    public Task CreateStreamAsync(CreateStreamRequest request, CancellationToken cancellationToken) => throw NotServed();

    public Task DeleteStreamAsync(DeleteStreamRequest request, CancellationToken cancellationToken) => throw NotServed();

    public Task SplitShardAsync(SplitShardRequest request, CancellationToken cancellationToken) => throw NotServed();

    public Task MergeShardsAsync(MergeShardsRequest request, CancellationToken cancellationToken) => throw NotServed();

    public Task<UpdateShardCountResponse> UpdateShardCountAsync(UpdateShardCountRequest request, CancellationToken cancellationToken) => throw NotServed();

    private static NotSupportedException NotServed() => new("The idle-shards measurement serves only GetShardIterator and GetRecords.");
}
