using System.Net;
using KinesisFlow.Aws;
using KinesisFlow.Consumer.Retrieval;
using KinesisFlow.Consumer.Tests.Support;
using KinesisFlow.Coordination.Retries;
using KinesisFlow.TestKit;
using Microsoft.Extensions.Logging.Testing;

namespace KinesisFlow.Consumer.Tests.Retrieval;

/// <summary>
/// FanOutShardReader on a scripted SubscribeToShard and fake time: heartbeats, the service ending a subscription,
/// renewal, ResourceInUse, a consumer deregistered while running, and the bounded fall-back to polling.
/// </summary>
public sealed class FanOutShardReaderTests : IAsyncDisposable
{
    private const string ShardId = "shardId-000000000003";
    private static readonly TimeSpan Renewal = TimeSpan.FromMinutes(4.5);
    // Resubscription ceilings 2 s then 3 s (the cap), every jitter draw one half: waits of 1 s then 1.5 s.
    private static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan SecondDelay = TimeSpan.FromSeconds(1.5);

    private readonly ScriptedFanOutClient _client = new();
    private readonly ObservableFakeTimeProvider _time = new();
    private readonly FakeLogger<FanOutShardReader> _logger = new();
    private readonly List<StartingPosition> _pollingStarts = [];
    private readonly FanOutShardReader _reader;

    public FanOutShardReaderTests()
    {
        // The closed-shard check (ListShards) is pushed out of these tests' way: it has its own end-to-end test.
        var settings = new FanOutSettings("flows", "arn:aws:kinesis:eu-west-1:000000000000:stream/flows/consumer/kf:1", Renewal, TimeSpan.FromDays(1))
        {
            FailuresBeforePolling = 3,
            Resubscribe = new ExponentialBackoff(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3)),
        };
        _reader = new FanOutShardReader(_client, settings, ShardId, StartingPosition.TrimHorizon, CreatePolling, _time, _logger, () => 0.5);
    }

    [Fact]
    public async Task Heartbeats_and_record_events_are_read_and_a_subscription_the_service_ends_resumes_after_its_continuation()
    {
        var read = _reader.ReadAsync(CancellationToken.None).AsTask();
        var first = await _client.NextSubscriptionAsync();
        Assert.Equal(new SubscribeToShardRequest("arn:aws:kinesis:eu-west-1:000000000000:stream/flows/consumer/kf:1", ShardId, StartingPosition.TrimHorizon), first.Request);

        first.Send("10");
        Assert.Empty((await read).Records);
        first.Send("12", "11", "12");
        Assert.Equal(["11", "12"], (await _reader.ReadAsync(CancellationToken.None)).Records.Select(r => r.SequenceNumber));

        read = _reader.ReadAsync(CancellationToken.None).AsTask();
        first.End();
        var second = await _client.NextSubscriptionAsync();
        second.Send("13", "13");

        Assert.Equal("13", Assert.Single((await read).Records).SequenceNumber);
        Assert.Equal(StartingPosition.AfterSequenceNumber("12"), second.Request.Position);
        Assert.Empty(_pollingStarts);
    }

    [Fact]
    public async Task A_subscription_is_renewed_from_its_continuation_once_its_time_is_up()
    {
        var read = _reader.ReadAsync(CancellationToken.None).AsTask();
        var first = await _client.NextSubscriptionAsync();
        first.Send("20", "20");
        await read;

        _time.Advance(Renewal);
        read = _reader.ReadAsync(CancellationToken.None).AsTask();
        var second = await _client.NextSubscriptionAsync();

        await first.Cancelled;
        Assert.Equal(StartingPosition.AfterSequenceNumber("20"), second.Request.Position);
        second.Send("21", "21");
        Assert.Equal("21", Assert.Single((await read).Records).SequenceNumber);
    }

    [Fact]
    public async Task ResourceInUse_while_a_previous_subscription_is_still_open_resubscribes_after_the_delay_on_the_clock()
    {
        var read = _reader.ReadAsync(CancellationToken.None).AsTask();
        var first = await _client.NextSubscriptionAsync();
        first.Fail(AwsError("ResourceInUseException"));

        await _time.NextTimerAsync(due => due == FirstDelay);
        Assert.Equal(1, _client.SubscriptionCount);
        _time.Advance(FirstDelay);
        var second = await _client.NextSubscriptionAsync();
        second.Send("5", "5");

        Assert.Equal("5", Assert.Single((await read).Records).SequenceNumber);
        Assert.Equal(StartingPosition.TrimHorizon, second.Request.Position);
        Assert.Empty(_pollingStarts);
    }

    [Fact]
    public async Task A_subscription_that_keeps_failing_the_same_way_falls_back_to_polling_after_the_bound_even_with_heartbeats_between()
    {
        var read = _reader.ReadAsync(CancellationToken.None).AsTask();
        var first = await _client.NextSubscriptionAsync();
        first.Send("30", "30");
        await read;

        read = _reader.ReadAsync(CancellationToken.None).AsTask();
        var subscription = first;
        foreach (var delay in new[] { FirstDelay, SecondDelay })
        {
            subscription.Fail(new TimeoutException("SubscribeToShard sent nothing for 30 s"));
            await _time.NextTimerAsync(due => due == delay);
            _time.Advance(delay);
            subscription = await _client.NextSubscriptionAsync();
            subscription.Send("30"); // a heartbeat: no record, no progress
            Assert.Empty((await read).Records);
            read = _reader.ReadAsync(CancellationToken.None).AsTask();
        }

        subscription.Fail(new TimeoutException("SubscribeToShard sent nothing for 30 s"));

        Assert.Equal("polled", Assert.Single((await read).Records).SequenceNumber);
        Assert.Equal([StartingPosition.AfterSequenceNumber("30")], _pollingStarts);
        Assert.Equal(3, _client.SubscriptionCount);
        Assert.Contains(_logger.Collector.GetSnapshot(), log => log.Message.Contains("falling back to polling after 3 failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Records_between_failures_reset_the_count()
    {
        var read = _reader.ReadAsync(CancellationToken.None).AsTask();
        var subscription = await _client.NextSubscriptionAsync();
        for (var round = 0; round < 3; round++)
        {
            foreach (var delay in new[] { FirstDelay, SecondDelay })
            {
                subscription.Fail(AwsError("InternalFailure"));
                await _time.NextTimerAsync(due => due == delay);
                _time.Advance(delay);
                subscription = await _client.NextSubscriptionAsync();
            }

            var sequence = (40 + round).ToString(System.Globalization.CultureInfo.InvariantCulture);
            subscription.Send(sequence, sequence);
            Assert.Equal(sequence, Assert.Single((await read).Records).SequenceNumber);
            read = _reader.ReadAsync(CancellationToken.None).AsTask();
        }

        Assert.Equal(7, _client.SubscriptionCount);
        Assert.Empty(_pollingStarts);
    }

    [Fact]
    public async Task A_consumer_deregistered_while_running_falls_back_to_polling_at_once_after_the_last_delivered_record()
    {
        var read = _reader.ReadAsync(CancellationToken.None).AsTask();
        var first = await _client.NextSubscriptionAsync();
        first.Send("50", "49", "50");
        await read;

        read = _reader.ReadAsync(CancellationToken.None).AsTask();
        first.Fail(AwsError("ResourceNotFoundException"));

        Assert.Equal("polled", Assert.Single((await read).Records).SequenceNumber);
        Assert.Equal([StartingPosition.AfterSequenceNumber("50")], _pollingStarts);
        Assert.Equal(1, _client.SubscriptionCount);
    }

    [Fact]
    public async Task A_child_shards_event_ends_the_shard_and_closes_the_subscription()
    {
        var read = _reader.ReadAsync(CancellationToken.None).AsTask();
        var first = await _client.NextSubscriptionAsync();
        first.Send("60", "60");
        await read;
        read = _reader.ReadAsync(CancellationToken.None).AsTask();

        first.SendEnd("61", new ChildShard("shardId-000000000009", [ShardId], new HashKeyRange("0", "1")));
        var last = await read;

        Assert.True(last.ShardEnded);
        Assert.Equal("shardId-000000000009", Assert.Single(last.ChildShards).ShardId);
        await first.Cancelled;
    }

    public ValueTask DisposeAsync() => _reader.DisposeAsync();

    private static AwsServiceException AwsError(string code) => new(code, code + " from the script", HttpStatusCode.OK, "req-1");

    private OneReadPollingReader CreatePolling(StartingPosition start)
    {
        _pollingStarts.Add(start);
        return new OneReadPollingReader();
    }

    /// <summary>Stands in for the polling reader the fall-back creates: one result marks that polling took over.</summary>
    private sealed class OneReadPollingReader : IShardReader
    {
        public ValueTask<ShardReadResult> ReadAsync(CancellationToken cancellationToken) =>
            ValueTask.FromResult(new ShardReadResult([new KinesisRecord("polled", null, new byte[] { 1 }, "pk", null)], 0, false, []));

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
