using KinesisFlow.FlowLogs;

namespace KinesisFlow.Consumer.Configuration;

/// <summary>
/// Builds the per-log-group format map from settings: inline <c>Formats</c> entries first, then those of the
/// <c>--formats</c> file, then those discovered from the VPC flow logs (first match wins), falling back to
/// <c>--log-format</c> or the default v2 format.
/// </summary>
public static class FormatMapFactory
{
    public static FormatMap Create(FlowLogsOptions flowLogs, IReadOnlyDictionary<string, string>? discovered = null)
    {
        ArgumentNullException.ThrowIfNull(flowLogs);
        var fallback = flowLogs.LogFormat is { } format ? FlowLogFormat.Parse(format) : null;
        var entries = FormatMap.FromStrings(flowLogs.Formats).Entries.ToList();
        if (flowLogs.FormatsFile is { } file)
        {
            var fromFile = FormatMap.FromJson(File.ReadAllBytes(file));
            entries.AddRange(fromFile.Entries);
            fallback ??= fromFile.Fallback;
        }

        if (discovered is not null)
        {
            entries.AddRange(FormatMap.FromStrings(discovered).Entries);
        }

        return new FormatMap(entries, fallback);
    }
}
