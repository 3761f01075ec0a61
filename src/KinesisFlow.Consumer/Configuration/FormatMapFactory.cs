using KinesisFlow.FlowLogs;

namespace KinesisFlow.Consumer.Configuration;

/// <summary>
/// Builds the per-log-group format map from settings: inline <c>Formats</c> entries first, then those of the
/// <c>--formats</c> file (first match wins), falling back to <c>--log-format</c> or the default v2 format.
/// </summary>
public static class FormatMapFactory
{
    public static FormatMap Create(FlowLogsOptions flowLogs)
    {
        ArgumentNullException.ThrowIfNull(flowLogs);
        var fallback = flowLogs.LogFormat is { } format ? FlowLogFormat.Parse(format) : null;
        var inline = FormatMap.FromStrings(flowLogs.Formats);
        if (flowLogs.FormatsFile is not { } file)
        {
            return new FormatMap(inline.Entries, fallback);
        }

        var fromFile = FormatMap.FromJson(File.ReadAllBytes(file));
        return new FormatMap([.. inline.Entries, .. fromFile.Entries], fallback ?? fromFile.Fallback);
    }
}
