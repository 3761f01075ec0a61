using KinesisFlow.FlowLogs;
using KinesisFlow.FlowLogs.Output;

namespace KinesisFlow.Sinks;

/// <summary>The output format names a sink can ask for (the same names as <c>kinesisflow decode --format</c>).</summary>
public static class OutputFormats
{
    public const string Json = FlowOutputFormats.Json;
    public const string Raw = FlowOutputFormats.Raw;
    public const string Ecs = FlowOutputFormats.Ecs;
    public const string Ocsf = FlowOutputFormats.Ocsf;
    public const string Sekoia = FlowOutputFormats.Sekoia;

    /// <summary>Every format a writer exists for (FlowLogs' registry is the one list).</summary>
    public static IReadOnlyCollection<string> All => FlowOutputFormats.Names;

    public static bool IsKnown(string name) => FlowOutputFormats.Names.Contains(name, StringComparer.Ordinal);

    /// <summary>
    /// How events of a log group come out in <paramref name="format"/>: plain text lines for <c>raw</c>, and for
    /// <c>sekoia</c> when the log group's flow-log format is one SEKOIA.IO parses as a raw line (the default v2
    /// order, or v2 followed by the 15 v3–v5 fields); JSON objects otherwise. The consumer passes it to
    /// <see cref="EventBatchBuilder.BeginRecord"/>.
    /// </summary>
    public static EventEncoding EncodingOf(string format, FlowLogFormat logFormat)
    {
        ArgumentNullException.ThrowIfNull(logFormat);
        return format switch
        {
            Raw => EventEncoding.Text,
            Sekoia when SekoiaFlowRecordWriter.WritesRawLine(logFormat) => EventEncoding.Text,
            _ => EventEncoding.Json,
        };
    }
}
