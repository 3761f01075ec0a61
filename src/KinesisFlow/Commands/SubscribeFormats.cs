using System.Text;
using System.Text.Json;
using KinesisFlow.Aws;
using KinesisFlow.Aws.Ec2;

namespace KinesisFlow.Cli;

/// <summary>
/// <c>subscribe --discover-formats</c>: each flow log's log group and format (EC2 DescribeFlowLogs), printed as the JSON
/// object that <c>--formats FILE</c> and FlowLogs:Formats take, restricted to the selected log groups when some are given.
/// </summary>
internal static class SubscribeFormats
{
    public static async Task WriteAsync(AwsClientOptions ec2Options, SubscribeSelection selection, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        using var discovery = FlowLogFormatDiscovery.Create(ec2Options);
        await WriteAsync(FlowLogFormatMap.From((await discovery.DiscoverAsync(cancellationToken)).Where(f => Selected(selection, f.LogGroupName))), output, error);
    }

    /// <summary>
    /// The formats file, and a warning per log group written by flow logs of different formats (within one account, or
    /// log groups of one name in several accounts): their records cannot be told apart by log group, so configuration decides.
    /// </summary>
    public static async Task WriteAsync(FlowLogFormatMap map, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        foreach (var (logGroup, formats) in map.Conflicts)
        {
            await error.WriteLineAsync($"warning: flow logs with {formats.Count} different formats write to {logGroup}; set its format in FlowLogs:Formats yourself: {string.Join(" | ", formats)}");
        }

        await output.WriteLineAsync(ToJson(map.Formats));
    }

    /// <summary>The formats as a JSON object, log group → format, in name order.</summary>
    public static string ToJson(IReadOnlyDictionary<string, string> formats)
    {
        ArgumentNullException.ThrowIfNull(formats);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            foreach (var (logGroup, format) in formats.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                json.WriteString(logGroup, format);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The selection's rules applied to a name, as DescribeLogGroups would (no selection: everything).</summary>
    public static bool Selected(SubscribeSelection selection, string logGroupName)
    {
        ArgumentNullException.ThrowIfNull(selection);
        return selection.IsEmpty
            || selection.Names.Contains(logGroupName)
            || selection.Prefixes.Any(p => logGroupName.StartsWith(p, StringComparison.Ordinal))
            || (selection.Pattern is { } pattern && logGroupName.Contains(pattern, StringComparison.OrdinalIgnoreCase));
    }
}
