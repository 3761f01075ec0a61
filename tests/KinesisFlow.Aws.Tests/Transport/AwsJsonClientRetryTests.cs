using KinesisFlow.Coordination.Retries;
using KinesisFlow.TestKit;

namespace KinesisFlow.Aws.Tests.Transport;

/// <summary>
/// Retry manners of the shared transport against a real local HTTP endpoint that throttles, fails, drops and hangs on
/// purpose. Time is a fake clock advanced exactly when the client waits: no test sleeps.
/// </summary>
public sealed class AwsJsonClientRetryTests
{
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(5);
    private static readonly GetShardIteratorRequest AnyIteratorRequest = new("s", "shardId-000000000000", StartingPosition.TrimHorizon);

    [Fact]
    public async Task Throttling_and_server_errors_are_retried_with_growing_jittered_backoff()
    {
        await using var endpoint = await LocalAwsEndpoint.StartAsync("kinesis", (n, context) => n switch
        {
            1 => LocalAwsEndpoint.AwsError(context, 400, "ProvisionedThroughputExceededException", "Rate exceeded for shard"),
            2 => LocalAwsEndpoint.Json(context, 500, string.Empty),
            _ => LocalAwsEndpoint.Json(context, 200, """{"ShardIterator":"iterator-1"}"""),
        });
        var retries = new List<AwsRetryNotice>();
        var (client, time) = CreateClient(endpoint, maxAttempts: 3, retries);

        var call = client.GetShardIteratorAsync(AnyIteratorRequest, CancellationToken.None);

        // Full jitter drawn at 0.5 of the ceiling: 100 ms × 2^0 then × 2^1.
        Assert.Equal(TimeSpan.FromMilliseconds(50), await time.NextTimerAsync(IsBackoff));
        Assert.False(call.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(50));
        Assert.Equal(TimeSpan.FromMilliseconds(100), await time.NextTimerAsync(IsBackoff));
        time.Advance(TimeSpan.FromMilliseconds(100));

        Assert.Equal("iterator-1", await call);
        Assert.Equal(
            [
                new AwsRetryNotice("GetShardIterator", 1, "ProvisionedThroughputExceededException", TimeSpan.FromMilliseconds(50)),
                new AwsRetryNotice("GetShardIterator", 2, "InternalFailure", TimeSpan.FromMilliseconds(100)),
            ],
            retries);
        Assert.Equal(3, endpoint.Requests.Count);
        Assert.All(endpoint.Requests, request =>
        {
            Assert.Null(request.SignatureError);
            Assert.Equal("Kinesis_20131202.GetShardIterator", request.Target);
        });
    }

    [Fact]
    public void The_policy_waits_the_settings_backoff_with_its_draw()
    {
        var options = new AwsClientOptions { MaxAttempts = 7, RetryBaseDelay = TimeSpan.FromMilliseconds(100), RetryMaxDelay = TimeSpan.FromSeconds(1) };
        var fromSettings = AwsRetryPolicy.From(options);
        Assert.Equal(7, fromSettings.MaxAttempts);
        Assert.Equal(new ExponentialBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1)), fromSettings.Backoff);

        var halves = new AwsRetryPolicy(7, fromSettings.Backoff, () => 0.5);
        Assert.Equal(TimeSpan.FromMilliseconds(50), halves.DelayAfter(1));
        Assert.Equal(TimeSpan.FromMilliseconds(400), halves.DelayAfter(4));
        Assert.Equal(TimeSpan.FromMilliseconds(500), halves.DelayAfter(64));
    }

    [Fact]
    public async Task A_bounded_number_of_attempts_then_the_last_error_by_name()
    {
        await using var endpoint = await LocalAwsEndpoint.StartAsync("kinesis", (_, context) =>
            LocalAwsEndpoint.AwsError(context, 400, "com.amazonaws.kinesis.v20131202#ProvisionedThroughputExceededException", "Rate exceeded"));
        var (client, time) = CreateClient(endpoint, maxAttempts: 3);

        var call = client.GetShardIteratorAsync(AnyIteratorRequest, CancellationToken.None);
        time.Advance(await time.NextTimerAsync(IsBackoff));
        time.Advance(await time.NextTimerAsync(IsBackoff));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => call);
        Assert.Equal("ProvisionedThroughputExceededException", error.ErrorCode);
        Assert.Equal("Rate exceeded", error.ServiceMessage);
        Assert.Equal("req-400", error.RequestId);
        Assert.Equal(3, endpoint.Requests.Count);
    }

    [Fact]
    public async Task Errors_the_caller_must_fix_fail_fast_with_the_service_message()
    {
        await using var endpoint = await LocalAwsEndpoint.StartAsync("kinesis", (_, context) =>
            LocalAwsEndpoint.AwsError(context, 400, "com.amazonaws.kinesis.v20131202#ResourceNotFoundException", "Stream s under account 000000000000 not found."));
        var (client, _) = CreateClient(endpoint, maxAttempts: 5);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => client.GetShardIteratorAsync(AnyIteratorRequest, CancellationToken.None));

        Assert.Equal("ResourceNotFoundException", error.ErrorCode);
        Assert.True(error.Is("ResourceNotFoundException"));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("ResourceNotFoundException: Stream s under account 000000000000 not found.", error.Message);
        Assert.Single(endpoint.Requests);
    }

    [Fact]
    public async Task LimitExceeded_is_throttling_for_reads_but_a_quota_for_stream_creation()
    {
        await using var endpoint = await LocalAwsEndpoint.StartAsync("kinesis", (n, context) => n switch
        {
            1 => LocalAwsEndpoint.AwsError(context, 400, "LimitExceededException", "Rate exceeded for stream"),
            2 => LocalAwsEndpoint.Json(context, 200, """{"Records":[],"NextShardIterator":"next","MillisBehindLatest":0}"""),
            _ => LocalAwsEndpoint.AwsError(context, 400, "LimitExceededException", "This request would exceed the shard limit"),
        });
        var (client, time) = CreateClient(endpoint, maxAttempts: 3);

        var read = client.GetRecordsAsync(new GetRecordsRequest("iterator"), CancellationToken.None);
        time.Advance(await time.NextTimerAsync(IsBackoff));
        Assert.Equal("next", (await read).NextShardIterator);

        var create = await Assert.ThrowsAsync<AwsServiceException>(() => client.CreateStreamAsync(new CreateStreamRequest("s", 1000), CancellationToken.None));
        Assert.Equal("LimitExceededException", create.ErrorCode);
        Assert.Equal(3, endpoint.Requests.Count);
    }

    [Fact]
    public async Task A_hanging_endpoint_times_out_each_attempt_then_fails_with_a_timeout()
    {
        await using var endpoint = await LocalAwsEndpoint.StartAsync("kinesis", (_, context) => LocalAwsEndpoint.Hang(context));
        var (client, time) = CreateClient(endpoint, maxAttempts: 2);

        var call = client.GetShardIteratorAsync(AnyIteratorRequest, CancellationToken.None);
        await endpoint.NextRequestAsync();
        time.Advance(AttemptTimeout);
        time.Advance(await time.NextTimerAsync(IsBackoff));
        await endpoint.NextRequestAsync();
        Assert.False(call.IsCompleted);
        time.Advance(AttemptTimeout);

        var error = await Assert.ThrowsAsync<TimeoutException>(() => call);
        Assert.Contains("Kinesis_20131202.GetShardIterator", error.Message, StringComparison.Ordinal);
        Assert.Contains("2 attempt(s)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_timed_out_attempt_is_retried_and_can_succeed()
    {
        await using var endpoint = await LocalAwsEndpoint.StartAsync("kinesis", (n, context) => n == 1
            ? LocalAwsEndpoint.Hang(context)
            : LocalAwsEndpoint.Json(context, 200, """{"ShardIterator":"after-timeout"}"""));
        var retries = new List<AwsRetryNotice>();
        var (client, time) = CreateClient(endpoint, maxAttempts: 2, retries);

        var call = client.GetShardIteratorAsync(AnyIteratorRequest, CancellationToken.None);
        await endpoint.NextRequestAsync();
        time.Advance(AttemptTimeout);
        time.Advance(await time.NextTimerAsync(IsBackoff));

        Assert.Equal("after-timeout", await call);
        Assert.Equal(AwsRetryNotice.Timeout, Assert.Single(retries).Reason);
    }

    [Fact]
    public async Task A_dropped_connection_is_retried()
    {
        await using var endpoint = await LocalAwsEndpoint.StartAsync("kinesis", (n, context) =>
        {
            if (n == 1)
            {
                context.Abort();
                return Task.CompletedTask;
            }

            return LocalAwsEndpoint.Json(context, 200, """{"ShardIterator":"after-reset"}""");
        });
        var retries = new List<AwsRetryNotice>();
        var (client, time) = CreateClient(endpoint, maxAttempts: 2, retries);

        var call = client.GetShardIteratorAsync(AnyIteratorRequest, CancellationToken.None);
        time.Advance(await time.NextTimerAsync(IsBackoff));

        Assert.Equal("after-reset", await call);
        Assert.Equal(AwsRetryNotice.NetworkError, Assert.Single(retries).Reason);
        Assert.Equal(2, endpoint.Requests.Count);
    }

    [Fact]
    public async Task Caller_cancellation_stops_the_call_without_retrying()
    {
        await using var endpoint = await LocalAwsEndpoint.StartAsync("kinesis", (_, context) => LocalAwsEndpoint.Hang(context));
        var (client, _) = CreateClient(endpoint, maxAttempts: 3);
        using var cancellation = new CancellationTokenSource();

        var call = client.GetShardIteratorAsync(AnyIteratorRequest, cancellation.Token);
        await endpoint.NextRequestAsync();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Single(endpoint.Requests);
    }

    [Fact]
    public async Task Cancellation_during_a_backoff_ends_the_wait()
    {
        await using var endpoint = await LocalAwsEndpoint.StartAsync("kinesis", (_, context) =>
            LocalAwsEndpoint.AwsError(context, 503, "ServiceUnavailable", "try later"));
        var (client, time) = CreateClient(endpoint, maxAttempts: 3);
        using var cancellation = new CancellationTokenSource();

        var call = client.GetShardIteratorAsync(AnyIteratorRequest, cancellation.Token);
        await time.NextTimerAsync(IsBackoff);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Single(endpoint.Requests);
    }

    private static bool IsBackoff(TimeSpan due) => due < AttemptTimeout;

    private static (KinesisClient Client, ObservableFakeTimeProvider Time) CreateClient(LocalAwsEndpoint endpoint, int maxAttempts) =>
        CreateClient(endpoint, maxAttempts, []);

    private static (KinesisClient Client, ObservableFakeTimeProvider Time) CreateClient(
        LocalAwsEndpoint endpoint, int maxAttempts, List<AwsRetryNotice> retries)
    {
        var time = new ObservableFakeTimeProvider();
        var options = endpoint.ClientOptions(AttemptTimeout, maxAttempts);
        var retry = new AwsRetryPolicy(maxAttempts, new ExponentialBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1)), () => 0.5);
        return (new KinesisClient(new AwsJsonClient(AwsJsonService.Kinesis, options, time, retry, retries.Add)), time);
    }
}
