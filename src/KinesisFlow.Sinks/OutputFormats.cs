using KinesisFlow.FlowLogs;

namespace KinesisFlow.Sinks;

/// <summary>The output format names a sink can ask for (the same names as <c>kinesisflow decode --output</c>).</summary>
public static class OutputFormats
{
    public const string Json = "json";
    public const string Raw = "raw";
    public const string Ecs = "ecs";
    public const string Ocsf = "ocsf";
    public const string Sekoia = "sekoia";

    public static IReadOnlyList<string> All { get; } = [Json, Raw, Ecs, Ocsf, Sekoia];

    public static bool IsKnown(string name) => All.Contains(name, StringComparer.Ordinal);

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
            Sekoia when IsSekoiaRawLayout(logFormat) => EventEncoding.Text,
            _ => EventEncoding.Json,
        };
    }

    private static bool IsSekoiaRawLayout(FlowLogFormat logFormat) =>
        logFormat.Equals(FlowLogFormat.DefaultV2) || logFormat.Equals(FlowLogFormat.DefaultV2WithV5Fields);
}
