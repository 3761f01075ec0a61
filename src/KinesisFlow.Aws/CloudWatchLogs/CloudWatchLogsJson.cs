using System.Text.Json;

namespace KinesisFlow.Aws;

/// <summary>
/// The CloudWatch Logs wire shapes (camelCase members; timestamps in epoch milliseconds, unlike Kinesis's seconds),
/// written and read with Utf8JsonWriter / JsonElement: no reflection, no generated SDK code.
/// </summary>
internal static class CloudWatchLogsJson
{
    public static void WriteDescribeLogGroups(Utf8JsonWriter writer, DescribeLogGroupsRequest request)
    {
        WriteOptional(writer, "logGroupNamePrefix", request.NamePrefix);
        WriteOptional(writer, "logGroupNamePattern", request.NamePattern);
        WriteOptional(writer, "nextToken", request.NextToken);
        WriteOptional(writer, "limit", request.Limit);
    }

    public static DescribeLogGroupsResponse ReadDescribeLogGroups(JsonElement root) =>
        new(root.GetArrayOrEmpty("logGroups", ReadLogGroup), NextToken(root));

    public static void WritePutSubscriptionFilter(Utf8JsonWriter writer, PutSubscriptionFilterRequest request)
    {
        writer.WriteString("logGroupName", request.LogGroupName);
        writer.WriteString("filterName", request.FilterName);
        writer.WriteString("filterPattern", request.FilterPattern);
        writer.WriteString("destinationArn", request.DestinationArn);
        WriteOptional(writer, "roleArn", request.RoleArn);
        WriteOptional(writer, "distribution", request.Distribution?.ToString());
    }

    public static void WriteDescribeSubscriptionFilters(Utf8JsonWriter writer, DescribeSubscriptionFiltersRequest request)
    {
        writer.WriteString("logGroupName", request.LogGroupName);
        WriteOptional(writer, "filterNamePrefix", request.FilterNamePrefix);
        WriteOptional(writer, "nextToken", request.NextToken);
        WriteOptional(writer, "limit", request.Limit);
    }

    public static DescribeSubscriptionFiltersResponse ReadDescribeSubscriptionFilters(JsonElement root) =>
        new(root.GetArrayOrEmpty("subscriptionFilters", ReadSubscriptionFilter), NextToken(root));

    public static void WriteDeleteSubscriptionFilter(Utf8JsonWriter writer, (string LogGroupName, string FilterName) request)
    {
        writer.WriteString("logGroupName", request.LogGroupName);
        writer.WriteString("filterName", request.FilterName);
    }

    public static void WritePutAccountPolicy(Utf8JsonWriter writer, PutAccountPolicyRequest request)
    {
        writer.WriteString("policyName", request.PolicyName);
        writer.WriteString("policyDocument", request.PolicyDocument);
        writer.WriteString("policyType", request.PolicyType);
        WriteOptional(writer, "scope", request.Scope);
        WriteOptional(writer, "selectionCriteria", request.SelectionCriteria);
    }

    public static AccountPolicy? ReadPutAccountPolicy(JsonElement root) =>
        root.TryGetNonNull("accountPolicy", out var policy) ? ReadAccountPolicy(policy) : null;

    public static void WriteDescribeAccountPolicies(Utf8JsonWriter writer, DescribeAccountPoliciesRequest request)
    {
        writer.WriteString("policyType", request.PolicyType);
        WriteOptional(writer, "policyName", request.PolicyName);
        WriteOptional(writer, "nextToken", request.NextToken);
    }

    public static DescribeAccountPoliciesResponse ReadDescribeAccountPolicies(JsonElement root) =>
        new(root.GetArrayOrEmpty("accountPolicies", ReadAccountPolicy), NextToken(root));

    public static void WriteDeleteAccountPolicy(Utf8JsonWriter writer, (string PolicyName, string PolicyType) request)
    {
        writer.WriteString("policyName", request.PolicyName);
        writer.WriteString("policyType", request.PolicyType);
    }

    public static void WritePutDestination(Utf8JsonWriter writer, PutDestinationRequest request)
    {
        writer.WriteString("destinationName", request.DestinationName);
        writer.WriteString("targetArn", request.TargetArn);
        writer.WriteString("roleArn", request.RoleArn);
    }

    public static Destination? ReadPutDestination(JsonElement root) =>
        root.TryGetNonNull("destination", out var destination) ? ReadDestination(destination) : null;

    public static void WritePutDestinationPolicy(Utf8JsonWriter writer, (string DestinationName, string AccessPolicy) request)
    {
        writer.WriteString("destinationName", request.DestinationName);
        writer.WriteString("accessPolicy", request.AccessPolicy);
    }

    public static void WriteDescribeDestinations(Utf8JsonWriter writer, DescribeDestinationsRequest request)
    {
        // The service spells this member with a capital D, unlike every other one.
        WriteOptional(writer, "DestinationNamePrefix", request.DestinationNamePrefix);
        WriteOptional(writer, "nextToken", request.NextToken);
        WriteOptional(writer, "limit", request.Limit);
    }

    public static DescribeDestinationsResponse ReadDescribeDestinations(JsonElement root) =>
        new(root.GetArrayOrEmpty("destinations", ReadDestination), NextToken(root));

    public static void WriteDeleteDestination(Utf8JsonWriter writer, string destinationName) =>
        writer.WriteString("destinationName", destinationName);

    public static void WriteCreateLogGroup(Utf8JsonWriter writer, string logGroupName) =>
        writer.WriteString("logGroupName", logGroupName);

    public static SubscriptionDistribution ParseDistribution(string value) => value switch
    {
        "ByLogStream" => SubscriptionDistribution.ByLogStream,
        "Random" => SubscriptionDistribution.Random,
        _ => throw new AwsServiceException("InvalidResponse", $"Unknown subscription distribution '{value}'.", System.Net.HttpStatusCode.OK, null),
    };

    private static LogGroup ReadLogGroup(JsonElement item) => new(
        item.GetRequiredString("logGroupName"),
        item.GetStringOrNull("logGroupArn") ?? WithoutWildcard(item.GetStringOrNull("arn")),
        Milliseconds(item, "creationTime"),
        item.GetInt32OrNull("retentionInDays"),
        item.GetInt64OrNull("storedBytes"),
        item.GetStringOrNull("logGroupClass"),
        item.GetStringOrNull("kmsKeyId"));

    private static SubscriptionFilter ReadSubscriptionFilter(JsonElement item)
    {
        var distribution = item.GetStringOrNull("distribution");
        return new SubscriptionFilter(
            item.GetRequiredString("filterName"),
            item.GetRequiredString("logGroupName"),
            item.GetStringOrNull("filterPattern") ?? string.Empty,
            item.GetRequiredString("destinationArn"),
            item.GetStringOrNull("roleArn"),
            distribution is null ? null : ParseDistribution(distribution),
            Milliseconds(item, "creationTime"));
    }

    private static AccountPolicy ReadAccountPolicy(JsonElement item) => new(
        item.GetRequiredString("policyName"),
        item.GetRequiredString("policyType"),
        item.GetStringOrNull("policyDocument") ?? string.Empty,
        item.GetStringOrNull("scope"),
        item.GetStringOrNull("selectionCriteria"),
        item.GetStringOrNull("accountId"),
        Milliseconds(item, "lastUpdatedTime"));

    private static Destination ReadDestination(JsonElement item) => new(
        item.GetRequiredString("destinationName"),
        item.GetRequiredString("targetArn"),
        item.GetRequiredString("roleArn"),
        item.GetStringOrNull("accessPolicy"),
        item.GetStringOrNull("arn"),
        Milliseconds(item, "creationTime"));

    // The older "arn" member ends in ":*" (it names the log streams); the bare log group ARN is what policies want.
    private static string? WithoutWildcard(string? arn) =>
        arn is not null && arn.EndsWith(":*", StringComparison.Ordinal) ? arn[..^2] : arn;

    private static DateTimeOffset? Milliseconds(JsonElement item, string name) =>
        item.GetInt64OrNull(name) is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

    // An empty token means "no more pages" as much as a missing one does.
    private static string? NextToken(JsonElement root) =>
        root.GetStringOrNull("nextToken") is { Length: > 0 } token ? token : null;

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, int? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
    }
}
