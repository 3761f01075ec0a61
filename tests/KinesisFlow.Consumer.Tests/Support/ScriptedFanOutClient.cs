using System.Runtime.CompilerServices;
using System.Threading.Channels;
using KinesisFlow.Aws;

namespace KinesisFlow.Consumer.Tests.Support;

/// <summary>
/// Enhanced fan-out as a component test scripts it, on the contract of <see cref="IKinesisClient.SubscribeToShardAsync"/>:
/// every SubscribeToShard call becomes a <see cref="ScriptedSubscription"/> whose events, failure or end the test sends,
/// in order, and which sees its cancellation. Only SubscribeToShard is served; any other call fails the test.
/// </summary>
internal sealed class ScriptedFanOutClient : IKinesisClient
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(10);
    private readonly Channel<ScriptedSubscription> _subscriptions = Channel.CreateUnbounded<ScriptedSubscription>();
    private int _count;

    /// <summary>SubscribeToShard calls so far.</summary>
    public int SubscriptionCount => Volatile.Read(ref _count);

    /// <summary>Waits (bounded, for the reader under test to get there) for the next SubscribeToShard call.</summary>
    public async Task<ScriptedSubscription> NextSubscriptionAsync()
    {
        using var limit = new CancellationTokenSource(WaitLimit);
        return await _subscriptions.Reader.ReadAsync(limit.Token);
    }

    public IAsyncEnumerable<SubscribeToShardEvent> SubscribeToShardAsync(SubscribeToShardRequest request, CancellationToken cancellationToken)
    {
        var subscription = new ScriptedSubscription(request);
        Interlocked.Increment(ref _count);
        _subscriptions.Writer.TryWrite(subscription);
        return subscription.ReadAllAsync(cancellationToken);
    }

    public Task<StreamSummary> DescribeStreamSummaryAsync(StreamAddress stream, CancellationToken cancellationToken) => throw Unexpected();

    public Task<ListShardsResponse> ListShardsAsync(ListShardsRequest request, CancellationToken cancellationToken) => throw Unexpected();

    public Task<string> GetShardIteratorAsync(GetShardIteratorRequest request, CancellationToken cancellationToken) => throw Unexpected();

    public Task<GetRecordsResponse> GetRecordsAsync(GetRecordsRequest request, CancellationToken cancellationToken) => throw Unexpected();

    public Task<PutRecordsResponse> PutRecordsAsync(PutRecordsRequest request, CancellationToken cancellationToken) => throw Unexpected();

    public Task<StreamConsumer> RegisterStreamConsumerAsync(string streamArn, string consumerName, CancellationToken cancellationToken) => throw Unexpected();

    public Task<StreamConsumerDescription> DescribeStreamConsumerAsync(StreamConsumerAddress consumer, CancellationToken cancellationToken) => throw Unexpected();

    public Task<ListStreamConsumersResponse> ListStreamConsumersAsync(ListStreamConsumersRequest request, CancellationToken cancellationToken) => throw Unexpected();

    public Task DeregisterStreamConsumerAsync(StreamConsumerAddress consumer, CancellationToken cancellationToken) => throw Unexpected();

    public Task CreateStreamAsync(CreateStreamRequest request, CancellationToken cancellationToken) => throw Unexpected();

    public Task DeleteStreamAsync(DeleteStreamRequest request, CancellationToken cancellationToken) => throw Unexpected();

    public Task SplitShardAsync(SplitShardRequest request, CancellationToken cancellationToken) => throw Unexpected();

    public Task MergeShardsAsync(MergeShardsRequest request, CancellationToken cancellationToken) => throw Unexpected();

    public Task<UpdateShardCountResponse> UpdateShardCountAsync(UpdateShardCountRequest request, CancellationToken cancellationToken) => throw Unexpected();

    private static NotSupportedException Unexpected([CallerMemberName] string call = "") =>
        new($"{call} is not part of this fan-out script.");
}

/// <summary>One SubscribeToShard the test drives: what it was asked for, and the events it yields.</summary>
internal sealed class ScriptedSubscription(SubscribeToShardRequest request)
{
    private readonly Channel<Func<SubscribeToShardEvent>> _steps = Channel.CreateUnbounded<Func<SubscribeToShardEvent>>();
    private readonly TaskCompletionSource _cancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SubscribeToShardRequest Request { get; } = request;

    /// <summary>Completes when the reader cancels this subscription (it renews, resubscribes or stops).</summary>
    public Task Cancelled => _cancelled.Task;

    /// <summary>An event: records (none for a heartbeat), the continuation and the lag.</summary>
    public void Send(string continuation, params string[] sequenceNumbers)
    {
        var records = sequenceNumbers.Select(n => new KinesisRecord(n, DateTimeOffset.UnixEpoch, new byte[] { 1 }, "pk", null)).ToList();
        _steps.Writer.TryWrite(() => new SubscribeToShardEvent(records, continuation, 0, []));
    }

    /// <summary>The shard's last event: its children (the shard was split or merged).</summary>
    public void SendEnd(string continuation, params ChildShard[] children) =>
        _steps.Writer.TryWrite(() => new SubscribeToShardEvent([], continuation, 0, children));

    /// <summary>The subscription fails: an exception event, a silence timeout or a broken connection.</summary>
    public void Fail(Exception error) => _steps.Writer.TryWrite(() => throw error);

    /// <summary>The service closes the stream, as it does after 5 minutes.</summary>
    public void End() => _steps.Writer.TryComplete();

    public async IAsyncEnumerable<SubscribeToShardEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var registration = cancellationToken.Register(() => _cancelled.TrySetResult());
        await foreach (var step in _steps.Reader.ReadAllAsync(cancellationToken))
        {
            yield return step();
        }
    }
}
