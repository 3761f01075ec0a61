using System.Text.Json;
using KinesisFlow.Aws;

namespace KinesisFlow.Cli;

/// <summary>
/// Plans the account-level subscription filter policy (PutAccountPolicy, type SUBSCRIPTION_FILTER_POLICY) KinesisFlow
/// wants. One such policy per account and region feeds every log group but the excluded ones, so the exclusions must
/// name the consumer's own log groups: a consumer reading its own logs would feed on itself.
/// </summary>
public static class SubscribeAccountPolicy
{
    /// <summary>CloudWatch Logs' limit of log group names in a selection criteria's NOT IN list.</summary>
    public const int MaxExcludedLogGroups = 50;

    /// <summary>CloudWatch Logs' limit of subscription filter policies per account and region.</summary>
    public const int MaxPoliciesPerAccount = 1;

    /// <summary>The policy document: the same fields as a log group's subscription filter.</summary>
    public static string Document(SubscribeTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return new SubscriptionFilterPolicyDocument(target.DestinationArn, target.RoleArn, target.FilterPattern, target.Distribution).ToJson();
    }

    /// <summary><c>LogGroupName NOT IN ["a", "b"]</c> for 1 to 50 valid log group names.</summary>
    public static string SelectionCriteria(IReadOnlyCollection<string> excludedLogGroups)
    {
        ArgumentNullException.ThrowIfNull(excludedLogGroups);
        if (excludedLogGroups.Count is 0 or > MaxExcludedLogGroups)
        {
            throw new ArgumentException(
                $"An account-level subscription must exclude the consumer's own log groups: give 1 to {MaxExcludedLogGroups} --exclude-log-group, not {excludedLogGroups.Count}.",
                nameof(excludedLogGroups));
        }

        if (excludedLogGroups.FirstOrDefault(n => !SubscribeLogGroupNames.IsValid(n)) is { } invalid)
        {
            throw new ArgumentException($"--exclude-log-group '{invalid}' is not a log group name.", nameof(excludedLogGroups));
        }

        return Aws.SelectionCriteria.LogGroupNameNotIn(excludedLogGroups);
    }

    public static SubscribeStep Plan(SubscribeTarget target, string selectionCriteria, IReadOnlyList<AccountPolicy> existing)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(existing);
        var names = existing.Select(p => p.PolicyName).ToArray();
        var ours = existing.FirstOrDefault(p => p.PolicyName == target.FilterName)
            ?? existing.FirstOrDefault(p => SubscribePlanner.IsOurs(p.PolicyName));
        if (ours is not null)
        {
            var unchanged = SameDocument(ours.PolicyDocument, target) && ours.SelectionCriteria == selectionCriteria;
            return new(ours.PolicyName, unchanged ? SubscribeAction.Unchanged : SubscribeAction.Update, ours.PolicyName, names);
        }

        return existing.Count >= MaxPoliciesPerAccount
            ? new(target.FilterName, SubscribeAction.SkipFilterLimit, target.FilterName, names)
            : new(target.FilterName, SubscribeAction.Create, target.FilterName, names);
    }

    public static IReadOnlyList<SubscribeStep> PlanRemoval(IReadOnlyList<AccountPolicy> existing)
    {
        ArgumentNullException.ThrowIfNull(existing);
        var names = existing.Select(p => p.PolicyName).ToArray();
        var ours = existing.Where(p => SubscribePlanner.IsOurs(p.PolicyName)).ToList();
        return ours.Count == 0
            ? [new("account", SubscribeAction.NothingOfOurs, "", names)]
            : [.. ours.Select(p => new SubscribeStep(p.PolicyName, SubscribeAction.Delete, p.PolicyName, names))];
    }

    /// <summary>Compares documents by their fields, not their text (the service may reorder or reformat them).</summary>
    private static bool SameDocument(string document, SubscribeTarget target)
    {
        try
        {
            var parsed = SubscriptionFilterPolicyDocument.Parse(document);
            return parsed with { Distribution = parsed.Distribution ?? SubscriptionDistribution.ByLogStream }
                == new SubscriptionFilterPolicyDocument(target.DestinationArn, target.RoleArn, target.FilterPattern, target.Distribution);
        }
        catch (Exception e) when (e is JsonException or AwsServiceException)
        {
            return false;
        }
    }
}
