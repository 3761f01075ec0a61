using KinesisFlow.FlowLogs;

namespace KinesisFlow.Consumer.Configuration;

/// <summary>
/// Builds the per-log-group format map from settings: inline <c>Formats</c> entries first, then those of the
/// <c>--formats</c> file, then those discovered from the VPC flow logs (first match wins), falling back to
/// <c>--log-format</c> or the default v2 format. Configured formats were checked at start-up (a bad one stops the
/// start); a discovered format that cannot be parsed becomes an entry whose records are dead-lettered, so that
/// discovery never stops the service.
/// </summary>
public static class FormatMapFactory
{
    public static FormatMap Create(FlowLogsOptions flowLogs, IReadOnlyDictionary<string, string>? discovered = null)
    {
        ArgumentNullException.ThrowIfNull(flowLogs);
        var fallback = flowLogs.LogFormat is { } format ? FlowLogFormat.Parse(format) : null;
        var entries = FormatMap.ParseEntries(flowLogs.Formats, keepBadEntries: false).ToList();
        if (flowLogs.FormatsFile is { } file)
        {
            var fromFile = FormatMap.FromJson(File.ReadAllBytes(file));
            entries.AddRange(fromFile.AllEntries);
            fallback ??= fromFile.Fallback;
        }

        if (discovered is not null)
        {
            entries.AddRange(FormatMap.ParseEntries(discovered, keepBadEntries: true));
        }

        return new FormatMap(entries, fallback);
    }
}
