namespace KinesisFlow.Consumer.Configuration;

/// <summary>Section <c>FlowLogs</c>: which flow log format each log group uses (the default v2 format otherwise).</summary>
public sealed class FlowLogsOptions
{
    /// <summary>One format for every log group (<c>--log-format</c>), e.g. <c>${version} ${account-id} ...</c>.</summary>
    public string? LogFormat { get; set; }

    /// <summary>A JSON file mapping log-group names or globs to formats (<c>--formats</c>), as <c>kinesisflow decode</c> reads it.</summary>
    public string? FormatsFile { get; set; }

    /// <summary>
    /// The same mapping inline in configuration: log-group name or glob → format string; first match wins. A configured
    /// format (here, in the <c>--formats</c> file or <c>--log-format</c>) that cannot be parsed stops the start naming its
    /// log group; a field this version does not know is accepted with one warning and kept as a string.
    /// </summary>
    public Dictionary<string, string> Formats { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// At start-up, learn each log group's format from the VPC flow logs that write to it (EC2 DescribeFlowLogs);
    /// formats configured here win over discovered ones. A discovered format that cannot be parsed never stops the
    /// service: it is logged naming the log group, whose records are then dead-lettered (<c>unusable_format</c>).
    /// </summary>
    public bool DiscoverFormats { get; set; }

    /// <summary>Largest decompressed record accepted; a bigger one is dead-lettered, not an out-of-memory.</summary>
    public int MaxDecompressedBytes { get; set; } = 16 * 1024 * 1024;
}
