namespace KinesisFlow.FlowLogs;

/// <summary>Why a record or a line was dead-lettered. <see cref="DeadLetterReasons.Code"/> gives the stable snake_case code.</summary>
public enum DeadLetterReason
{
    /// <summary>The record's data does not start with the gzip signature.</summary>
    NotGzip,

    /// <summary>The record's data arrived base64-encoded (in JSON) and is not valid base64.</summary>
    NotBase64,

    /// <summary>The gzip stream is truncated or corrupt (bad deflate data, checksum or length trailer).</summary>
    CorruptGzip,

    /// <summary>The record decompresses to more than the configured cap.</summary>
    TooLarge,

    /// <summary>The decompressed payload is not valid JSON.</summary>
    InvalidJson,

    /// <summary>Valid JSON, but not a CloudWatch Logs subscription envelope.</summary>
    WrongShape,

    /// <summary>A flow line has more or fewer fields than its log group's format.</summary>
    WrongFieldCount,

    /// <summary>A numeric field of a flow line is not a non-negative integer in range.</summary>
    BadNumber,

    /// <summary>The format configured or discovered for the record's log group could not be parsed.</summary>
    UnusableFormat,

    /// <summary>
    /// The record is KPL-aggregated (starts with the Kinesis Producer Library's magic prefix): CloudWatch Logs never
    /// aggregates, and KinesisFlow does not de-aggregate KPL records.
    /// </summary>
    KplAggregated,
}

public static class DeadLetterReasons
{
    /// <summary>The stable code written to dead-letter files and metrics, e.g. <c>wrong_field_count</c>.</summary>
    public static string Code(this DeadLetterReason reason) => reason switch
    {
        DeadLetterReason.NotGzip => "not_gzip",
        DeadLetterReason.NotBase64 => "not_base64",
        DeadLetterReason.CorruptGzip => "corrupt_gzip",
        DeadLetterReason.TooLarge => "too_large",
        DeadLetterReason.InvalidJson => "invalid_json",
        DeadLetterReason.WrongShape => "wrong_shape",
        DeadLetterReason.WrongFieldCount => "wrong_field_count",
        DeadLetterReason.BadNumber => "bad_number",
        DeadLetterReason.UnusableFormat => "unusable_format",
        DeadLetterReason.KplAggregated => "kpl_aggregated",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };

    /// <summary>True when the whole Kinesis record was rejected, false when one line of it was.</summary>
    public static bool IsRecordLevel(this DeadLetterReason reason) =>
        reason is not (DeadLetterReason.WrongFieldCount or DeadLetterReason.BadNumber);
}
