using System.Text;
using KinesisFlow.Aws.EventStream;
using KinesisFlow.Aws.Tests.Transport;
using KinesisFlow.TestKit;
using KinesisFlow.TestKit.EventStream;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace KinesisFlow.Aws.Tests.Kinesis;

/// <summary>
/// SubscribeToShard against a local HTTP/2-only endpoint (h2c, as kinesis-mock's plain port) that writes hand-made
/// event-stream frames the way AWS does: an initial response, record events, an exception event, or silence.
/// </summary>
public sealed class SubscribeToShardStreamTests
{
    private static readonly SubscribeToShardRequest Request =
        new("arn:aws:kinesis:eu-west-1:000000000000:stream/flows/consumer/kf:1", "shardId-000000000001", StartingPosition.AfterSequenceNumber("41"));

    [Fact]
    public async Task Events_arrive_over_h2c_with_records_continuation_and_child_shards()
    {
        await using var endpoint = await StartAsync(async context =>
        {
            await WriteAsync(context, Event("initial-response", "{}"));
            await WriteAsync(context, Event("SubscribeToShardEvent", """{"Records":[{"SequenceNumber":"42","ApproximateArrivalTimestamp":1700000000.5,"Data":"AQID","PartitionKey":"pk"}],"ContinuationSequenceNumber":"42","MillisBehindLatest":1000}"""));
            await WriteAsync(context, Event("SubscribeToShardEvent", """{"Records":[],"ContinuationSequenceNumber":"43","MillisBehindLatest":0,"ChildShards":[{"ShardId":"shardId-000000000002","ParentShards":["shardId-000000000001"],"HashKeyRange":{"StartingHashKey":"0","EndingHashKey":"1"}}]}"""));
        });
        using var client = new KinesisClient(endpoint.ClientOptions(TimeSpan.FromSeconds(30), maxAttempts: 1));

        var events = new List<SubscribeToShardEvent>();
        await foreach (var e in client.SubscribeToShardAsync(Request, CancellationToken.None))
        {
            events.Add(e);
        }

        var request = Assert.Single(endpoint.Requests);
        Assert.Equal("HTTP/2", request.Protocol);
        Assert.Equal("Kinesis_20131202.SubscribeToShard", request.Target);
        Assert.Null(request.SignatureError);
        Assert.Equal(
            """{"ConsumerARN":"arn:aws:kinesis:eu-west-1:000000000000:stream/flows/consumer/kf:1","ShardId":"shardId-000000000001","StartingPosition":{"Type":"AFTER_SEQUENCE_NUMBER","SequenceNumber":"41"}}""",
            request.BodyText);
        Assert.Equal(2, events.Count);
        Assert.Equal([1, 2, 3], Assert.Single(events[0].Records).Data.ToArray());
        Assert.Equal("42", events[0].ContinuationSequenceNumber);
        Assert.Equal(1000, events[0].MillisBehindLatest);
        Assert.Empty(events[1].Records);
        Assert.Equal("shardId-000000000002", Assert.Single(events[1].ChildShards).ShardId);
    }

    [Fact]
    public async Task An_exception_event_ends_the_subscription_with_the_AWS_error()
    {
        await using var endpoint = await StartAsync(async context =>
        {
            await WriteAsync(context, Event("SubscribeToShardEvent", """{"Records":[],"ContinuationSequenceNumber":"1","MillisBehindLatest":0}"""));
            await WriteAsync(context, EventStreamEncoder.Encode(
                [EventStreamHeader.String(":message-type", "exception"), EventStreamHeader.String(":exception-type", "ResourceInUseException")],
                """{"message":"Another active subscription exists for this consumer"}"""u8));
        });
        using var client = new KinesisClient(endpoint.ClientOptions(TimeSpan.FromSeconds(30), maxAttempts: 1));
        var received = new List<SubscribeToShardEvent>();

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => DrainAsync(client, received));

        Assert.Single(received);
        Assert.Equal("ResourceInUseException", error.ErrorCode);
        Assert.Equal("Another active subscription exists for this consumer", error.ServiceMessage);
        Assert.Equal(System.Net.HttpStatusCode.OK, error.StatusCode);
    }

    [Fact]
    public async Task A_corrupt_event_ends_the_subscription_with_a_clear_error()
    {
        await using var endpoint = await StartAsync(context => WriteAsync(context, Event("SubscribeToShardEvent", """{"Records":[""")));
        using var client = new KinesisClient(endpoint.ClientOptions(TimeSpan.FromSeconds(30), maxAttempts: 1));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => DrainAsync(client));

        Assert.Equal("InvalidResponse", error.ErrorCode);
    }

    [Fact]
    public async Task A_refused_subscription_fails_before_any_event()
    {
        await using var endpoint = await StartAsync(context =>
            LocalAwsEndpoint.AwsError(context, 400, "ResourceNotFoundException", "Consumer not found"));
        using var client = new KinesisClient(endpoint.ClientOptions(TimeSpan.FromSeconds(30), maxAttempts: 1));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => DrainAsync(client));

        Assert.Equal("ResourceNotFoundException", error.ErrorCode);
    }

    [Fact]
    public async Task A_silent_subscription_times_out_on_the_client_clock()
    {
        var time = new ObservableFakeTimeProvider();
        var timeout = TimeSpan.FromSeconds(20);
        await using var endpoint = await StartAsync(async context =>
        {
            await WriteAsync(context, Event("SubscribeToShardEvent", """{"Records":[],"ContinuationSequenceNumber":"1","MillisBehindLatest":0}"""));
            await LocalAwsEndpoint.Hang(context);
        });
        var transport = new AwsJsonClient(AwsJsonService.Kinesis, endpoint.ClientOptions(timeout, maxAttempts: 1), time);
        using var client = new KinesisClient(transport);
        await using var events = client.SubscribeToShardAsync(Request, CancellationToken.None).GetAsyncEnumerator();

        Assert.True(await events.MoveNextAsync());
        var next = events.MoveNextAsync().AsTask();
        await time.NextTimerAsync(due => due == timeout);
        Assert.False(next.IsCompleted);
        time.Advance(timeout);

        await Assert.ThrowsAsync<TimeoutException>(() => next);
    }

    [Fact]
    public async Task The_caller_can_cancel_a_subscription_between_events()
    {
        await using var endpoint = await StartAsync(async context =>
        {
            await WriteAsync(context, Event("SubscribeToShardEvent", """{"Records":[],"ContinuationSequenceNumber":"1","MillisBehindLatest":0}"""));
            await LocalAwsEndpoint.Hang(context);
        });
        using var client = new KinesisClient(endpoint.ClientOptions(TimeSpan.FromSeconds(30), maxAttempts: 1));
        using var cancellation = new CancellationTokenSource();
        await using var events = client.SubscribeToShardAsync(Request, cancellation.Token).GetAsyncEnumerator();

        Assert.True(await events.MoveNextAsync());
        var next = events.MoveNextAsync().AsTask();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next);
    }

    /// <summary>Reads the subscription to its end, collecting events (none expected when <paramref name="received"/> is null).</summary>
    private static async Task DrainAsync(KinesisClient client, List<SubscribeToShardEvent>? received = null)
    {
        await foreach (var e in client.SubscribeToShardAsync(Request, CancellationToken.None))
        {
            Assert.True(received is not null, "No event expected.");
            received.Add(e);
        }
    }

    private static Task<LocalAwsEndpoint> StartAsync(Func<HttpContext, Task> respond) =>
        LocalAwsEndpoint.StartAsync("kinesis", (_, context) => respond(context), HttpProtocols.Http2);

    private static byte[] Event(string eventType, string json) => FanOutEvents.Event(eventType, Encoding.UTF8.GetBytes(json));

    private static async Task WriteAsync(HttpContext context, byte[] frame)
    {
        if (!context.Response.HasStarted)
        {
            context.Response.ContentType = "application/vnd.amazon.eventstream";
        }

        await context.Response.Body.WriteAsync(frame, context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }
}
