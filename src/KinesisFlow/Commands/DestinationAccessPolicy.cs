using System.Text.Json;
using System.Text.Json.Nodes;
using KinesisFlow.Aws;

namespace KinesisFlow.Cli;

/// <summary>
/// The access policy of a CloudWatch Logs destination (PutDestinationPolicy): who may point a subscription filter or an
/// account-level subscription policy at it. Exactly the two actions a member account needs, on this one destination,
/// for the listed accounts or for every account of one organization (<c>aws:PrincipalOrgID</c>). Pure.
/// </summary>
public static class DestinationAccessPolicy
{
    /// <summary>The policy for <paramref name="accounts"/> (12-digit ids) or, when <paramref name="organizationId"/> is given, the organization.</summary>
    public static string Build(string destinationArn, IReadOnlyCollection<string> accounts, string? organizationId)
    {
        ArgumentException.ThrowIfNullOrEmpty(destinationArn);
        ArgumentNullException.ThrowIfNull(accounts);
        if ((accounts.Count == 0) == (organizationId is null))
        {
            throw new ArgumentException("Allow either accounts or an organization.", nameof(accounts));
        }

        var statement = new JsonObject
        {
            ["Sid"] = "KinesisFlowMemberAccountsSubscribe",
            ["Effect"] = "Allow",
            ["Principal"] = organizationId is null
                ? new JsonObject { ["AWS"] = new JsonArray([.. accounts.Order(StringComparer.Ordinal).Select(a => (JsonNode)a)]) }
                : "*",
            ["Action"] = new JsonArray([.. CloudWatchLogsOperations.DestinationSubscriber.Select(op => (JsonNode)CloudWatchLogsOperations.IamAction(op))]),
            ["Resource"] = destinationArn,
        };
        if (organizationId is not null)
        {
            statement["Condition"] = new JsonObject { ["StringEquals"] = new JsonObject { ["aws:PrincipalOrgID"] = organizationId } };
        }

        return new JsonObject { ["Version"] = "2012-10-17", ["Statement"] = new JsonArray(statement) }.ToJsonString();
    }

    /// <summary>True when two policies say the same (the service may reformat what it stores).</summary>
    public static bool SameAs(string? stored, string wanted)
    {
        ArgumentNullException.ThrowIfNull(wanted);
        if (string.IsNullOrWhiteSpace(stored))
        {
            return false;
        }

        try
        {
            return JsonNode.DeepEquals(JsonNode.Parse(stored), JsonNode.Parse(wanted));
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
