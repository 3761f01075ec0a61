using System.Text.Json;
using KinesisFlow.Aws.Tests.Transport;
using Microsoft.AspNetCore.Http;

namespace KinesisFlow.Aws.Tests.Kinesis;

/// <summary>
/// The Kinesis client's requests and response reading, checked on the wire against a local endpoint that answers the
/// way AWS and the emulators do (explicit nulls, escaped JSON, epoch-second timestamps, error shapes).
/// </summary>
public sealed class KinesisClientWireTests
{
    [Fact]
    public async Task Requests_are_signed_JSON_posts_to_the_root_with_the_operation_target()
    {
        await using var endpoint = await LocalAwsEndpoint.StartAsync("kinesis", (_, context) =>
            LocalAwsEndpoint.Json(context, 200, """{"FailedRecordCount":0,"Records":[{"SequenceNumber":"49","ShardId":"shardId-000000000001"}]}"""));
        using var client = CreateClient(endpoint);

        var response = await client.PutRecordsAsync(
            new PutRecordsRequest("flows", [new PutRecordsEntry("hello"u8.ToArray(), "pk-1", ExplicitHashKey: "42")]),
            CancellationToken.None);

        var request = Assert.Single(endpoint.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/", request.Path);
        Assert.Equal("application/x-amz-json-1.1", request.ContentType);
        Assert.Equal("Kinesis_20131202.PutRecords", request.Target);
        Assert.Null(request.SignatureError);
        Assert.Equal("""{"StreamName":"flows","Records":[{"Data":"aGVsbG8=","PartitionKey":"pk-1","ExplicitHashKey":"42"}]}""", request.BodyText);
        Assert.Equal(0, response.FailedRecordCount);
        Assert.Equal(new PutRecordsResultEntry("49", "shardId-000000000001", null, null), Assert.Single(response.Records));
    }

    [Fact]
    public async Task Calls_reuse_one_pooled_connection()
    {
        await using var endpoint = await LocalAwsEndpoint.StartAsync("kinesis", (_, context) => LocalAwsEndpoint.Json(context, 200, """{"ShardIterator":"it"}"""));
        using var client = CreateClient(endpoint);

        for (var i = 0; i < 5; i++)
        {
            await client.GetShardIteratorAsync(new GetShardIteratorRequest("flows", "shardId-000000000000", StartingPosition.Latest), CancellationToken.None);
        }

        Assert.Equal(5, endpoint.Requests.Count);
        Assert.Single(endpoint.Requests.Select(r => r.ConnectionId).Distinct());
    }

    [Fact]
    public async Task Listing_all_shards_sends_the_next_token_alone_on_later_pages()
    {
        await using var endpoint = await LocalAwsEndpoint.StartAsync("kinesis", (n, context) => LocalAwsEndpoint.Json(context, 200, n switch
        {
            1 => """{"Shards":[{"ShardId":"shardId-000000000000","ParentShardId":null,"HashKeyRange":{"StartingHashKey":"0","EndingHashKey":"170141183460469231731687303715884105727"},"SequenceNumberRange":{"StartingSequenceNumber":"1","EndingSequenceNumber":"9223372036854775807"}}],"NextToken":"page-2"}""",
            _ => """{"Shards":[{"ShardId":"shardId-000000000002","ParentShardId":"shardId-000000000000","AdjacentParentShardId":null,"HashKeyRange":{"StartingHashKey":"0","EndingHashKey":"9"},"SequenceNumberRange":{"StartingSequenceNumber":"2","EndingSequenceNumber":null}}],"NextToken":null}""",
        }));
        using var client = CreateClient(endpoint);
        var since = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_250);

        var shards = await client.ListAllShardsAsync(
            StreamAddress.ByArn("arn:aws:kinesis:eu-west-1:000000000000:stream/flows"),
            new ShardFilter(ShardFilterType.FromTimestamp, Timestamp: since),
            CancellationToken.None,
            pageSize: 1);

        Assert.Equal(
            """{"StreamARN":"arn:aws:kinesis:eu-west-1:000000000000:stream/flows","ShardFilter":{"Type":"FROM_TIMESTAMP","Timestamp":1700000000.25},"MaxResults":1}""",
            endpoint.Requests[0].BodyText);
        Assert.Equal("""{"NextToken":"page-2","MaxResults":1}""", endpoint.Requests[1].BodyText);
        Assert.Equal(["shardId-000000000000", "shardId-000000000002"], shards.Select(s => s.ShardId));
        Assert.True(shards[0].IsClosed);
        Assert.False(shards[1].IsClosed);
        Assert.Equal("shardId-000000000000", shards[1].ParentShardId);
        Assert.Null(shards[1].AdjacentParentShardId);
        Assert.Equal(new HashKeyRange("0", "9"), shards[1].HashKeyRange);
    }

    [Theory]
    [InlineData(StartingPositionType.TrimHorizon, """{"StreamName":"flows","ShardId":"shardId-000000000001","ShardIteratorType":"TRIM_HORIZON"}""")]
    [InlineData(StartingPositionType.Latest, """{"StreamName":"flows","ShardId":"shardId-000000000001","ShardIteratorType":"LATEST"}""")]
    [InlineData(StartingPositionType.AtSequenceNumber, """{"StreamName":"flows","ShardId":"shardId-000000000001","ShardIteratorType":"AT_SEQUENCE_NUMBER","StartingSequenceNumber":"4955"}""")]
    [InlineData(StartingPositionType.AfterSequenceNumber, """{"StreamName":"flows","ShardId":"shardId-000000000001","ShardIteratorType":"AFTER_SEQUENCE_NUMBER","StartingSequenceNumber":"4955"}""")]
    [InlineData(StartingPositionType.AtTimestamp, """{"StreamName":"flows","ShardId":"shardId-000000000001","ShardIteratorType":"AT_TIMESTAMP","Timestamp":1700000000.5}""")]
    public async Task Shard_iterator_positions_are_written_as_the_API_names_them(StartingPositionType type, string expectedBody)
    {
        await using var endpoint = await LocalAwsEndpoint.StartAsync("kinesis", (_, context) => LocalAwsEndpoint.Json(context, 200, """{"ShardIterator":"it"}"""));
        using var client = CreateClient(endpoint);
        var position = new StartingPosition(type, "4955", DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_500));
        if (type is StartingPositionType.TrimHorizon or StartingPositionType.Latest or StartingPositionType.AtTimestamp)
        {
            position = position with { SequenceNumber = null };
        }

        Assert.Equal("it", await client.GetShardIteratorAsync(new GetShardIteratorRequest("flows", "shardId-000000000001", position), CancellationToken.None));
        Assert.Equal(expectedBody, Assert.Single(endpoint.Requests).BodyText);
    }

    [Fact]
    public async Task Records_are_decoded_into_bytes_with_their_metadata_and_child_shards()
    {
        await using var endpoint = await LocalAwsEndpoint.StartAsync("kinesis", (_, context) => LocalAwsEndpoint.Json(context, 200, """
            {"Records":[
              {"SequenceNumber":"1","ApproximateArrivalTimestamp":1700000000.123,"Data":"H4sIAAAAAAAA/w==","PartitionKey":"a","EncryptionType":null},
              {"SequenceNumber":"2","ApproximateArrivalTimestamp":1700000001,"Data":"H4sIAAAAAAAA\/w==","PartitionKey":"b"},
              {"SequenceNumber":"3","Data":"","PartitionKey":"c"}],
             "NextShardIterator":null,"MillisBehindLatest":1200,
             "ChildShards":[{"ShardId":"shardId-000000000003","ParentShards":["shardId-000000000001"],"HashKeyRange":{"StartingHashKey":"0","EndingHashKey":"5"}}]}
            """));
        using var client = CreateClient(endpoint);

        var response = await client.GetRecordsAsync(new GetRecordsRequest("iterator", Limit: 100), CancellationToken.None);

        Assert.Equal("""{"ShardIterator":"iterator","Limit":100}""", Assert.Single(endpoint.Requests).BodyText);
        byte[] expected = [0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff];
        Assert.Equal(expected, response.Records[0].Data.ToArray());
        Assert.Equal(expected, response.Records[1].Data.ToArray());
        Assert.True(response.Records[2].Data.IsEmpty);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123), response.Records[0].ApproximateArrivalTimestamp);
        Assert.Equal(["a", "b", "c"], response.Records.Select(r => r.PartitionKey));
        Assert.Null(response.Records[0].EncryptionType);
        Assert.Null(response.NextShardIterator);
        Assert.Equal(1200, response.MillisBehindLatest);
        var child = Assert.Single(response.ChildShards);
        Assert.Equal("shardId-000000000003", child.ShardId);
        Assert.Equal(["shardId-000000000001"], child.ParentShards);
    }

    [Fact]
    public async Task An_empty_chunked_answer_is_an_empty_result()
    {
        await using var endpoint = await LocalAwsEndpoint.StartAsync("kinesis", async (_, context) =>
        {
            // Headers go out before any body is known: no Content-Length, an empty chunked body.
            context.Response.StatusCode = 200;
            await context.Response.StartAsync();
        });
        using var client = CreateClient(endpoint);

        await client.DeleteStreamAsync(new DeleteStreamRequest("flows"), CancellationToken.None);
        var missing = await Assert.ThrowsAsync<AwsServiceException>(() =>
            client.GetShardIteratorAsync(new GetShardIteratorRequest("flows", "shardId-000000000000", StartingPosition.Latest), CancellationToken.None));

        Assert.Equal("InvalidResponse", missing.ErrorCode);
        Assert.Contains("ShardIterator", missing.ServiceMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_large_answer_is_read_whole()
    {
        var data = new byte[3 * 1024 * 1024];
        Random.Shared.NextBytes(data);
        var json = $$"""{"Records":[{"SequenceNumber":"1","Data":"{{Convert.ToBase64String(data)}}","PartitionKey":"a"}],"NextShardIterator":"n","MillisBehindLatest":0}""";
        await using var endpoint = await LocalAwsEndpoint.StartAsync("kinesis", async (_, context) =>
        {
            context.Response.StatusCode = 200;
            await context.Response.StartAsync();
            await context.Response.WriteAsync(json);
        });
        using var client = CreateClient(endpoint);

        var response = await client.GetRecordsAsync(new GetRecordsRequest("iterator"), CancellationToken.None);

        Assert.Equal(data, Assert.Single(response.Records).Data.ToArray());
    }

    [Fact]
    public async Task Corrupt_record_data_is_reported_as_an_invalid_response()
    {
        await using var endpoint = await LocalAwsEndpoint.StartAsync("kinesis", (_, context) =>
            LocalAwsEndpoint.Json(context, 200, """{"Records":[{"SequenceNumber":"1","Data":"not base64!","PartitionKey":"a"}],"NextShardIterator":"n"}"""));
        using var client = CreateClient(endpoint);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => client.GetRecordsAsync(new GetRecordsRequest("iterator"), CancellationToken.None));

        Assert.Equal("InvalidResponse", error.ErrorCode);
    }

    [Fact]
    public async Task Stream_summary_and_consumer_calls_read_their_shapes()
    {
        await using var endpoint = await LocalAwsEndpoint.StartAsync("kinesis", (_, context) =>
        {
            var target = context.Request.Headers["X-Amz-Target"].ToString();
            return LocalAwsEndpoint.Json(context, 200, target switch
            {
                "Kinesis_20131202.DescribeStreamSummary" => """{"StreamDescriptionSummary":{"StreamName":"flows","StreamARN":"arn:aws:kinesis:eu-west-1:000000000000:stream/flows","StreamStatus":"ACTIVE","StreamModeDetails":{"StreamMode":"PROVISIONED"},"RetentionPeriodHours":24,"StreamCreationTimestamp":1700000000,"EnhancedMonitoring":[],"EncryptionType":"NONE","OpenShardCount":4,"ConsumerCount":1}}""",
                "Kinesis_20131202.RegisterStreamConsumer" => """{"Consumer":{"ConsumerName":"kf","ConsumerARN":"arn:c/kf:1","ConsumerStatus":"CREATING","ConsumerCreationTimestamp":1700000000}}""",
                "Kinesis_20131202.DescribeStreamConsumer" => """{"ConsumerDescription":{"ConsumerName":"kf","ConsumerARN":"arn:c/kf:1","ConsumerStatus":"ACTIVE","ConsumerCreationTimestamp":1700000000,"StreamARN":"arn:s"}}""",
                "Kinesis_20131202.ListStreamConsumers" => """{"Consumers":[{"ConsumerName":"kf","ConsumerARN":"arn:c/kf:1","ConsumerStatus":"ACTIVE","ConsumerCreationTimestamp":1700000000}],"NextToken":null}""",
                "Kinesis_20131202.UpdateShardCount" => """{"StreamName":"flows","CurrentShardCount":4,"TargetShardCount":8,"StreamARN":"arn:s"}""",
                _ => "{}",
            });
        });
        using var client = CreateClient(endpoint);
        var ct = CancellationToken.None;

        var summary = await client.DescribeStreamSummaryAsync("flows", ct);
        var registered = await client.RegisterStreamConsumerAsync("arn:s", "kf", ct);
        var described = await client.DescribeStreamConsumerAsync(StreamConsumerAddress.ByName("arn:s", "kf"), ct);
        var consumers = await client.ListAllStreamConsumersAsync("arn:s", ct);
        await client.DeregisterStreamConsumerAsync(StreamConsumerAddress.ByArn("arn:c/kf:1"), ct);
        var resized = await client.UpdateShardCountAsync(new UpdateShardCountRequest("flows", 8), ct);
        await client.SplitShardAsync(new SplitShardRequest("flows", "shardId-000000000000", "85070591730234615865843651857942052864"), ct);
        await client.MergeShardsAsync(new MergeShardsRequest("flows", "shardId-000000000001", "shardId-000000000002"), ct);
        await client.CreateStreamAsync(new CreateStreamRequest("flows", 4), ct);
        await client.DeleteStreamAsync(new DeleteStreamRequest("flows", EnforceConsumerDeletion: true), ct);

        Assert.True(summary.IsActive);
        Assert.Equal(4, summary.OpenShardCount);
        Assert.Equal("PROVISIONED", summary.StreamMode);
        Assert.Equal("arn:aws:kinesis:eu-west-1:000000000000:stream/flows", summary.StreamArn);
        Assert.False(registered.IsActive);
        Assert.True(described.IsActive);
        Assert.Equal("arn:s", described.StreamArn);
        Assert.Equal("arn:c/kf:1", Assert.Single(consumers).ConsumerArn);
        Assert.Equal(8, resized.TargetShardCount);
        Assert.Equal(
            [
                """{"StreamName":"flows"}""",
                """{"StreamARN":"arn:s","ConsumerName":"kf"}""",
                """{"StreamARN":"arn:s","ConsumerName":"kf"}""",
                """{"StreamARN":"arn:s"}""",
                """{"ConsumerARN":"arn:c/kf:1"}""",
                """{"StreamName":"flows","TargetShardCount":8,"ScalingType":"UNIFORM_SCALING"}""",
                """{"StreamName":"flows","ShardToSplit":"shardId-000000000000","NewStartingHashKey":"85070591730234615865843651857942052864"}""",
                """{"StreamName":"flows","ShardToMerge":"shardId-000000000001","AdjacentShardToMerge":"shardId-000000000002"}""",
                """{"StreamName":"flows","ShardCount":4,"StreamModeDetails":{"StreamMode":"PROVISIONED"}}""",
                """{"StreamName":"flows","EnforceConsumerDeletion":true}""",
            ],
            endpoint.Requests.Select(r => r.BodyText));
        Assert.All(endpoint.Requests, r => Assert.Null(r.SignatureError));
    }

    [Theory]
    [InlineData(400, "", "ValidationException:http://internal.amazon.com/coral/com.amazon.coral.validate/", "ValidationException")]
    [InlineData(500, "", null, "InternalFailure")]
    [InlineData(502, "<html>Bad gateway</html>", null, "ServiceUnavailable")]
    [InlineData(400, """{"__type":"AccessDeniedException","Message":"User is not authorized"}""", null, "AccessDeniedException")]
    public async Task Error_responses_of_every_shape_are_named(int status, string body, string? errorTypeHeader, string expectedCode)
    {
        await using var endpoint = await LocalAwsEndpoint.StartAsync("kinesis", (_, context) =>
        {
            if (errorTypeHeader is not null)
            {
                context.Response.Headers["x-amzn-ErrorType"] = errorTypeHeader;
            }

            return LocalAwsEndpoint.Json(context, status, body);
        });
        var options = endpoint.ClientOptions(TimeSpan.FromSeconds(30), maxAttempts: 1);
        using var client = new KinesisClient(options);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => client.DescribeStreamSummaryAsync("flows", CancellationToken.None));

        Assert.Equal(expectedCode, error.ErrorCode);
        Assert.Equal((System.Net.HttpStatusCode)status, error.StatusCode);
        if (body.Contains("Message", StringComparison.Ordinal))
        {
            Assert.Equal("User is not authorized", error.ServiceMessage);
        }
    }

    [Fact]
    public async Task Session_credentials_sign_with_the_token()
    {
        await using var endpoint = await LocalAwsEndpoint.StartAsync("kinesis", (_, context) =>
        {
            var token = context.Request.Headers["X-Amz-Security-Token"].ToString();
            var signedHeaders = context.Request.Headers.Authorization.ToString();
            return LocalAwsEndpoint.Json(context, 200, JsonSerializer.Serialize(new { ShardIterator = token + "|" + signedHeaders.Contains("x-amz-security-token", StringComparison.Ordinal) }));
        });
        var options = endpoint.ClientOptions(TimeSpan.FromSeconds(30), maxAttempts: 1);
        options.SessionToken = "session-token-value";
        using var client = new KinesisClient(options);

        var echoed = await client.GetShardIteratorAsync(new GetShardIteratorRequest("flows", "shardId-000000000000", StartingPosition.Latest), CancellationToken.None);

        Assert.Equal("session-token-value|True", echoed);
        Assert.Null(Assert.Single(endpoint.Requests).SignatureError);
    }

    [Fact]
    public async Task Stream_addresses_take_names_or_ARNs_and_bad_requests_never_leave()
    {
        StreamAddress byName = "flows";
        StreamAddress byArn = "arn:aws:kinesis:eu-west-1:000000000000:stream/flows";

        Assert.Equal("flows", byName.Name);
        Assert.Null(byName.Arn);
        Assert.Equal("arn:aws:kinesis:eu-west-1:000000000000:stream/flows", byArn.Arn);
        await using var endpoint = await LocalAwsEndpoint.StartAsync("kinesis", (_, context) => LocalAwsEndpoint.Json(context, 200, "{}"));
        using var client = CreateClient(endpoint);
        await Assert.ThrowsAsync<ArgumentException>(() => client.DeleteStreamAsync(new DeleteStreamRequest(default), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => client.PutRecordsAsync(
            new PutRecordsRequest("flows", [.. Enumerable.Repeat(new PutRecordsEntry(new byte[1], "pk"), PutRecordsRequest.MaxRecords + 1)]),
            CancellationToken.None));
        Assert.Empty(endpoint.Requests);
    }

    private static KinesisClient CreateClient(LocalAwsEndpoint endpoint) =>
        new(endpoint.ClientOptions(TimeSpan.FromSeconds(30), maxAttempts: 1));
}
