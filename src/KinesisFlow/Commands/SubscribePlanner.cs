using KinesisFlow.Aws;

namespace KinesisFlow.Cli;

/// <summary>
/// Decides what <c>kinesisflow subscribe</c> and <c>unsubscribe</c> change, from what the log groups have now. Pure:
/// no I/O, so every rule is tested on its own. The rules:
/// <list type="bullet">
/// <item>Our filters are the ones whose name starts with <see cref="OwnFilterPrefix"/>; nothing else is ever written or deleted.</item>
/// <item>A filter of ours already sending to the same stream, or else ours with the wanted name, is updated in place
/// (or left alone when identical): a log group never gets a second filter of ours into one stream, which would deliver
/// every event twice.</item>
/// <item>A log group already at <see cref="MaxFiltersPerLogGroup"/> filters, none of them ours, is skipped and reported
/// with their names.</item>
/// <item>Excluded log groups (the consumer's own) are never subscribed.</item>
/// </list>
/// </summary>
public static class SubscribePlanner
{
    /// <summary>How KinesisFlow recognises its own subscription filters and account policies.</summary>
    public const string OwnFilterPrefix = "kinesisflow-";

    /// <summary>CloudWatch Logs' limit of subscription filters per log group.</summary>
    public const int MaxFiltersPerLogGroup = 2;

    public static bool IsOurs(string filterName) => filterName.StartsWith(OwnFilterPrefix, StringComparison.Ordinal);

    public static IReadOnlyList<SubscribeStep> PlanSubscribe(
        SubscribeTarget target, IEnumerable<LogGroupState> logGroups, IReadOnlySet<string> excludedLogGroups)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(logGroups);
        ArgumentNullException.ThrowIfNull(excludedLogGroups);
        if (!IsOurs(target.FilterName))
        {
            throw new ArgumentException($"The filter name must start with '{OwnFilterPrefix}' so that unsubscribe can find it; was '{target.FilterName}'.", nameof(target));
        }

        return [.. logGroups.Select(group => PlanOne(target, group, excludedLogGroups))];
    }

    public static IReadOnlyList<SubscribeStep> PlanUnsubscribe(IEnumerable<LogGroupState> logGroups, string? destinationArn, IReadOnlySet<string> excludedLogGroups)
    {
        ArgumentNullException.ThrowIfNull(logGroups);
        ArgumentNullException.ThrowIfNull(excludedLogGroups);
        var steps = new List<SubscribeStep>();
        foreach (var group in logGroups)
        {
            if (excludedLogGroups.Contains(group.LogGroupName))
            {
                steps.Add(new(group.LogGroupName, SubscribeAction.SkipExcluded, "", Names(group.Filters)));
                continue;
            }

            var ours = group.Filters
                .Where(f => IsOurs(f.FilterName) && (destinationArn is null || f.DestinationArn == destinationArn))
                .ToList();
            if (ours.Count == 0)
            {
                steps.Add(new(group.LogGroupName, SubscribeAction.NothingOfOurs, "", Names(group.Filters)));
            }

            steps.AddRange(ours.Select(f => new SubscribeStep(group.LogGroupName, SubscribeAction.Delete, f.FilterName, Names(group.Filters))));
        }

        return steps;
    }

    private static SubscribeStep PlanOne(SubscribeTarget target, LogGroupState group, IReadOnlySet<string> excluded)
    {
        var existing = Names(group.Filters);
        if (excluded.Contains(group.LogGroupName))
        {
            return new(group.LogGroupName, SubscribeAction.SkipExcluded, target.FilterName, existing);
        }

        // Ours into the same stream first (the wanted name among them first), so that a filter renamed or pointed
        // elsewhere never leaves two of ours delivering into one stream; then ours by the wanted name.
        var same = group.Filters
                .Where(f => IsOurs(f.FilterName) && f.DestinationArn == target.DestinationArn)
                .OrderBy(f => f.FilterName == target.FilterName ? 0 : 1)
                .FirstOrDefault()
            ?? group.Filters.FirstOrDefault(f => f.FilterName == target.FilterName);
        if (same is not null)
        {
            var action = Matches(same, target) ? SubscribeAction.Unchanged : SubscribeAction.Update;
            return new(group.LogGroupName, action, same.FilterName, existing);
        }

        return group.Filters.Count >= MaxFiltersPerLogGroup
            ? new(group.LogGroupName, SubscribeAction.SkipFilterLimit, target.FilterName, existing)
            : new(group.LogGroupName, SubscribeAction.Create, target.FilterName, existing);
    }

    private static bool Matches(SubscriptionFilter filter, SubscribeTarget target) =>
        filter.FilterPattern == target.FilterPattern
        && filter.DestinationArn == target.DestinationArn
        && filter.RoleArn == target.RoleArn
        && (filter.Distribution ?? SubscriptionDistribution.ByLogStream) == target.Distribution;

    private static string[] Names(IReadOnlyList<SubscriptionFilter> filters) => [.. filters.Select(f => f.FilterName)];
}
