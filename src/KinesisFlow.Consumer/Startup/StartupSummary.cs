using System.Reflection;
using KinesisFlow.Consumer.Configuration;
using KinesisFlow.Sinks;

namespace KinesisFlow.Consumer.Startup;

/// <summary>The facts of the one start-up line an operator looks for first, in words (sinks without secrets).</summary>
internal sealed record StartupSummary(string Version, string StreamName, string Mode, string LeaseTable, string Sinks, string Formats)
{
    public static StartupSummary Describe(KinesisFlowOptions options, SinkSet sinks, FlowLogs.FormatMap formats)
    {
        var version = Assembly.GetEntryAssembly()?.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? typeof(StartupSummary).Assembly.GetName().Version?.ToString() ?? "unknown";
        var sinkNames = new List<string>();
        foreach (var sink in sinks.Sinks)
        {
            // Names never hold a URL's user-info or query (HttpSinkProfile.NameFor).
            sinkNames.Add($"{sink.Name} ({sink.OutputFormat})");
        }

        return new StartupSummary(
            version,
            options.Kinesis.StreamName!,
            options.Kinesis.Mode == RetrievalMode.FanOut ? "fan-out" : "polling",
            options.Leases.TableName,
            string.Join(", ", sinkNames),
            DescribeFormats(options.FlowLogs, formats));
    }

    private static string DescribeFormats(FlowLogsOptions flowLogs, FlowLogs.FormatMap formats)
    {
        var perLogGroup = formats.Entries.Count();
        var fallback = flowLogs.LogFormat is not null ? "the --log-format format" : "the default v2 format";
        var source = flowLogs.FormatsFile is { } file ? $" (from {file})" : "";
        return perLogGroup == 0
            ? $"{fallback} for every log group"
            : $"{perLogGroup} per-log-group format(s){source}, {fallback} for the others";
    }
}
