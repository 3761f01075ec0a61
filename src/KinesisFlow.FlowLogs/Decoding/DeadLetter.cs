namespace KinesisFlow.FlowLogs;

/// <summary>
/// A record or line that could not be decoded, reported as a value: the reason, a one-line message, where it
/// came from, and the original bytes (the whole record's data for a record error, the line for a line error).
/// Spans are only valid during the handler call.
/// </summary>
public readonly ref struct DeadLetter
{
    internal DeadLetter(
        DeadLetterReason reason,
        string message,
        long recordIndex,
        KinesisRecordContext kinesis,
        ReadOnlySpan<byte> data)
    {
        Reason = reason;
        Message = message;
        RecordIndex = recordIndex;
        Kinesis = kinesis;
        Data = data;
        EventIndex = -1;
    }

    internal DeadLetter(
        DeadLetterReason reason,
        string message,
        long recordIndex,
        in FlowEventContext context,
        int fieldPosition,
        ReadOnlySpan<byte> line)
    {
        Reason = reason;
        Message = message;
        RecordIndex = recordIndex;
        Kinesis = context.Kinesis;
        Data = line;
        LogGroup = context.LogGroup;
        LogStream = context.LogStream;
        Owner = context.Owner;
        EventId = context.EventId;
        Timestamp = context.Timestamp;
        EventIndex = context.EventIndex;
        FieldPosition = fieldPosition;
    }

    public DeadLetterReason Reason { get; }

    public string ReasonCode => Reason.Code();

    /// <summary>A one-line human explanation, e.g. <c>line has 13 fields, format expects 14</c>.</summary>
    public string Message { get; }

    /// <summary>The 0-based position of the Kinesis record among those this decoder was given.</summary>
    public long RecordIndex { get; }

    public KinesisRecordContext Kinesis { get; }

    /// <summary>The log group when known (empty for record errors before the envelope was read).</summary>
    public ReadOnlySpan<byte> LogGroup { get; init; }

    public ReadOnlySpan<byte> LogStream { get; init; }

    /// <summary>The account that owns the log group of a bad line (empty for record errors).</summary>
    public ReadOnlySpan<byte> Owner { get; init; }

    /// <summary>The CloudWatch Logs timestamp of a bad line in Unix milliseconds (0 for record errors).</summary>
    public long Timestamp { get; init; }

    /// <summary>The CloudWatch Logs event id of a bad line (empty for record errors).</summary>
    public ReadOnlySpan<byte> EventId { get; init; }

    /// <summary>The 0-based position of a bad line in <c>logEvents</c>, or -1 for record errors.</summary>
    public int EventIndex { get; }

    /// <summary>The 1-based position of the offending field in the line, or 0 when no single field is to blame.</summary>
    public int FieldPosition { get; }

    /// <summary>The original bytes: the record's (gzip) data for a record error, the flow line for a line error.</summary>
    public ReadOnlySpan<byte> Data { get; }
}
