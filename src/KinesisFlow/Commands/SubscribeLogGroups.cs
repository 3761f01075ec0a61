using KinesisFlow.Aws;

namespace KinesisFlow.Cli;

/// <summary>Finds the selected log groups (DescribeLogGroups, every page) and reads their subscription filters.</summary>
internal static class SubscribeLogGroups
{
    /// <summary>The selected log groups in name order, each with its filters, and the exact names that do not exist.</summary>
    public static async Task<(IReadOnlyList<LogGroupState> Found, IReadOnlyList<string> Missing)> ReadAsync(
        ICloudWatchLogsClient logs, SubscribeSelection selection, CancellationToken cancellationToken)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var name in selection.Names.Distinct(StringComparer.Ordinal))
        {
            // DescribeLogGroups has no exact-name lookup: a prefix query, then the exact match.
            var candidates = await logs.DescribeAllLogGroupsAsync(name, null, cancellationToken);
            if (candidates.Any(g => g.LogGroupName == name))
            {
                names.Add(name);
            }
            else
            {
                missing.Add(name);
            }
        }

        foreach (var prefix in selection.Prefixes.Distinct(StringComparer.Ordinal))
        {
            names.UnionWith((await logs.DescribeAllLogGroupsAsync(prefix, null, cancellationToken)).Select(g => g.LogGroupName));
        }

        if (selection.Pattern is { } pattern)
        {
            names.UnionWith((await logs.DescribeAllLogGroupsAsync(null, pattern, cancellationToken)).Select(g => g.LogGroupName));
        }

        var found = new List<LogGroupState>(names.Count);
        foreach (var name in names)
        {
            found.Add(new LogGroupState(name, await logs.DescribeAllSubscriptionFiltersAsync(name, cancellationToken)));
        }

        return (found, missing);
    }
}
