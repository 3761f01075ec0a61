using KinesisFlow.Coordination.Telemetry;

namespace KinesisFlow.Consumer.Telemetry;

/// <summary>
/// The fixed set of reasons a Kinesis record is dead-lettered, used as the <see cref="TelemetryTags.DeadLetterReason"/>
/// attribute. A fixed set keeps the metric's cardinality bounded; anything not listed is reported as <see cref="Other"/>.
/// </summary>
public static class DeadLetterReasons
{
    /// <summary>The record's data is not a gzip stream.</summary>
    public const string NotGzip = "not_gzip";

    /// <summary>The gzip stream is truncated or corrupt.</summary>
    public const string CorruptGzip = "corrupt_gzip";

    /// <summary>The decompressed data is not a CloudWatch Logs subscription message.</summary>
    public const string InvalidEnvelope = "invalid_envelope";

    /// <summary>A log event's message is not a flow log line of the configured format.</summary>
    public const string UnparsableLine = "unparsable_line";

    /// <summary>The record exceeds a configured size limit.</summary>
    public const string TooLarge = "too_large";

    /// <summary>Every other reason.</summary>
    public const string Other = "other";

    /// <summary>Returns <paramref name="reason"/> when it is one of the known reasons, <see cref="Other"/> otherwise.</summary>
    public static string Normalize(string? reason) => reason switch
    {
        NotGzip or CorruptGzip or InvalidEnvelope or UnparsableLine or TooLarge => reason,
        _ => Other,
    };
}
