namespace KinesisFlow.Aws.Tests.Transport;

/// <summary>The transport is service-neutral: the same client signs and targets CloudWatch Logs as it does Kinesis.</summary>
public sealed class AwsJsonClientServiceTests
{
    [Fact]
    public async Task A_logs_call_is_signed_for_logs_and_targets_Logs_20140328()
    {
        await using var endpoint = await LocalAwsEndpoint.StartAsync("logs", (_, context) =>
            LocalAwsEndpoint.Json(context, 200, """{"logGroups":[{"logGroupName":"/vpc/flow-logs"}],"nextToken":null}"""));
        using var logs = new AwsJsonClient(AwsJsonService.CloudWatchLogs, endpoint.ClientOptions(TimeSpan.FromSeconds(30), maxAttempts: 1));

        var groups = await logs.InvokeAsync(
            new AwsOperation("DescribeLogGroups"),
            "/vpc/",
            static (writer, prefix) => writer.WriteString("logGroupNamePrefix", prefix),
            static root => root.GetArrayOrEmpty("logGroups", static group => group.GetRequiredString("logGroupName")),
            CancellationToken.None);

        var request = Assert.Single(endpoint.Requests);
        Assert.Equal(["/vpc/flow-logs"], groups);
        Assert.Equal("Logs_20140328.DescribeLogGroups", request.Target);
        Assert.Equal("""{"logGroupNamePrefix":"/vpc/"}""", request.BodyText);
        Assert.Null(request.SignatureError);
    }

    [Fact]
    public async Task A_signature_for_the_wrong_service_is_caught_by_the_verifier()
    {
        await using var endpoint = await LocalAwsEndpoint.StartAsync("logs", (_, context) => LocalAwsEndpoint.Json(context, 200, "{}"));
        using var kinesis = new AwsJsonClient(AwsJsonService.Kinesis, endpoint.ClientOptions(TimeSpan.FromSeconds(30), maxAttempts: 1));

        await kinesis.InvokeAsync(new AwsOperation("ListShards"), 0, static (_, _) => { }, CancellationToken.None);

        Assert.Contains("not for eu-west-1/logs", Assert.Single(endpoint.Requests).SignatureError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_signed_with_another_secret_fails_verification()
    {
        await using var endpoint = await LocalAwsEndpoint.StartAsync("kinesis", (_, context) => LocalAwsEndpoint.Json(context, 200, "{}"));
        var options = endpoint.ClientOptions(TimeSpan.FromSeconds(30), maxAttempts: 1);
        options.SecretAccessKey = "not-the-endpoint-secret";
        using var kinesis = new AwsJsonClient(AwsJsonService.Kinesis, options);

        await kinesis.InvokeAsync(new AwsOperation("ListShards"), "s", static (writer, name) => writer.WriteString("StreamName", name), CancellationToken.None);

        Assert.Equal("Signature does not match the request received", Assert.Single(endpoint.Requests).SignatureError);
    }
}
