namespace KinesisFlow.Aws.Ec2;

/// <summary>A flow log that delivers to CloudWatch Logs: where it writes and in which record format.</summary>
/// <param name="LogGroupName">The CloudWatch Logs log group it delivers to.</param>
/// <param name="LogFormat">Its record format (<c>${version} ${account-id} ...</c>); the version 2 default when AWS reports none.</param>
/// <param name="FlowLogId">The flow log (fl-...).</param>
/// <param name="ResourceId">What it logs (a VPC, subnet, interface or transit gateway).</param>
public sealed record DiscoveredFlowLogFormat(string LogGroupName, string LogFormat, string FlowLogId, string ResourceId);

/// <summary>
/// Log group → format, as configuration takes it (FlowLogs:Formats), plus the log groups that several flow logs with
/// different formats write into: their records cannot be told apart, so they are left to configuration.
/// </summary>
public sealed record FlowLogFormatMap(IReadOnlyDictionary<string, string> Formats, IReadOnlyDictionary<string, IReadOnlyList<string>> Conflicts)
{
    public static FlowLogFormatMap From(IEnumerable<DiscoveredFlowLogFormat> flowLogs)
    {
        ArgumentNullException.ThrowIfNull(flowLogs);
        var formats = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var conflicts = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var group in flowLogs.GroupBy(f => f.LogGroupName, StringComparer.Ordinal))
        {
            var distinct = group.Select(f => f.LogFormat).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (distinct.Count == 1)
            {
                formats[group.Key] = distinct[0];
            }
            else
            {
                conflicts[group.Key] = distinct;
            }
        }

        return new FlowLogFormatMap(formats, conflicts);
    }
}
