using System.Text;
using System.Text.Json;

namespace KinesisFlow.Aws;

/// <summary>The policy document of an account-level subscription filter policy (PutAccountPolicy, SUBSCRIPTION_FILTER_POLICY).</summary>
/// <param name="DestinationArn">The Kinesis stream (or destination) ARN.</param>
/// <param name="RoleArn">The role CloudWatch Logs assumes to write to it.</param>
/// <param name="FilterPattern">"" sends every event.</param>
/// <param name="Distribution">Null leaves the service's default.</param>
public sealed record SubscriptionFilterPolicyDocument(
    string DestinationArn,
    string? RoleArn,
    string FilterPattern = "",
    SubscriptionDistribution? Distribution = null)
{
    // The document's member names (PascalCase, unlike the API's own camelCase members).
    private const string DestinationArnMember = "DestinationArn";
    private const string RoleArnMember = "RoleArn";
    private const string FilterPatternMember = "FilterPattern";
    private const string DistributionMember = "Distribution";

    /// <summary>The document as the service takes it, e.g. {"DestinationArn":"...","RoleArn":"...","FilterPattern":"","Distribution":"Random"}.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString(DestinationArnMember, DestinationArn);
            if (RoleArn is not null)
            {
                writer.WriteString(RoleArnMember, RoleArn);
            }

            writer.WriteString(FilterPatternMember, FilterPattern);
            if (Distribution is { } distribution)
            {
                writer.WriteString(DistributionMember, distribution.ToString());
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Reads a document that DescribeAccountPolicies returned.</summary>
    /// <exception cref="JsonException">Not a subscription filter policy document.</exception>
    public static SubscriptionFilterPolicyDocument Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var destination = root.GetStringOrNull(DestinationArnMember)
            ?? throw new JsonException("The subscription filter policy document has no DestinationArn.");
        var distribution = root.GetStringOrNull(DistributionMember);
        return new SubscriptionFilterPolicyDocument(
            destination,
            root.GetStringOrNull(RoleArnMember),
            root.GetStringOrNull(FilterPatternMember) ?? string.Empty,
            distribution is null ? null : CloudWatchLogsJson.ParseDistribution(distribution));
    }
}
