namespace KinesisFlow.FlowLogs;

/// <summary>
/// The CloudWatch Logs envelope of one flow record (log group, stream, owner, event id and timestamp) and the
/// Kinesis record it arrived in. Text is UTF-8, unescaped, and only valid during the handler call.
/// Not a readonly struct only so that the decoder can build it once per record and change the event's members per
/// line (<see cref="SetEvent"/>) instead of building and copying all of it per line; handlers see it read-only.
/// </summary>
public ref struct FlowEventContext
{
    internal FlowEventContext(
        ReadOnlySpan<byte> logGroup,
        ReadOnlySpan<byte> logStream,
        ReadOnlySpan<byte> owner,
        ReadOnlySpan<byte> eventId,
        long timestamp,
        int eventIndex,
        KinesisRecordContext kinesis,
        bool isPlainEnvelope = false,
        bool isPlainEvent = false,
        ReadOnlySpan<byte> timestampDigits = default,
        ReadOnlySpan<byte> shardIdUtf8 = default,
        ReadOnlySpan<byte> sequenceNumberUtf8 = default,
        ReadOnlySpan<byte> jsonHead = default)
    {
        JsonHead = jsonHead;
        TimestampDigits = timestampDigits;
        ShardIdUtf8 = shardIdUtf8;
        SequenceNumberUtf8 = sequenceNumberUtf8;
        IsPlainEnvelope = isPlainEnvelope;
        IsPlainEvent = isPlainEvent;
        LogGroup = logGroup;
        LogStream = logStream;
        Owner = owner;
        EventId = eventId;
        Timestamp = timestamp;
        EventIndex = eventIndex;
        Kinesis = kinesis;
    }

    /// <summary>Makes this the context of another event of the same record: the members that differ per event.</summary>
    internal void SetEvent(ReadOnlySpan<byte> eventId, long timestamp, int eventIndex, bool isPlainEvent, ReadOnlySpan<byte> timestampDigits)
    {
        EventId = eventId;
        Timestamp = timestamp;
        EventIndex = eventIndex;
        IsPlainEvent = isPlainEvent;
        TimestampDigits = timestampDigits;
    }

    public ReadOnlySpan<byte> LogGroup { get; }

    public ReadOnlySpan<byte> LogStream { get; }

    /// <summary>The AWS account that owns the log group.</summary>
    public ReadOnlySpan<byte> Owner { get; }

    /// <summary>The CloudWatch Logs event id: unique per event, the natural de-duplication key.</summary>
    public ReadOnlySpan<byte> EventId { get; private set; }

    /// <summary>The event's CloudWatch Logs timestamp, in Unix milliseconds.</summary>
    public long Timestamp { get; private set; }

    /// <summary>The event's 0-based position in the record's <c>logEvents</c>.</summary>
    public int EventIndex { get; private set; }

    public KinesisRecordContext Kinesis { get; }

    /// <summary>
    /// True when the decoder found the record's log group, stream, owner and Kinesis strings free of anything JSON
    /// must escape (checked once per record, so writers need not check them per line). False means "unknown".
    /// </summary>
    internal bool IsPlainEnvelope { get; }

    /// <summary>
    /// True when the decoder found the event's id and message free of anything JSON must escape (while scanning
    /// them anyway, so writers need not check them again). False means "unknown".
    /// </summary>
    internal bool IsPlainEvent { get; private set; }

    /// <summary>
    /// The timestamp exactly as <see cref="long.TryFormat(Span{byte}, out int, ReadOnlySpan{char}, IFormatProvider?)"/>
    /// writes it, as it stood in the envelope, so that writers copy it instead of formatting it; empty when not
    /// known to be in that form (then format <see cref="Timestamp"/>).
    /// </summary>
    internal ReadOnlySpan<byte> TimestampDigits { get; private set; }

    /// <summary><see cref="KinesisRecordContext.ShardId"/> as UTF-8, encoded once per record (empty when it is null).</summary>
    internal ReadOnlySpan<byte> ShardIdUtf8 { get; }

    /// <summary><see cref="KinesisRecordContext.SequenceNumber"/> as UTF-8, encoded once per record (empty when it is null).</summary>
    internal ReadOnlySpan<byte> SequenceNumberUtf8 { get; }

    /// <summary>
    /// The json output's cloudwatch members up to the event id's opening quote, the same for every event of a record,
    /// so the decoder writes them once per record (readable <see cref="FlowRecord.ReadablePadding"/> bytes past its
    /// end); empty when not built.
    /// </summary>
    internal ReadOnlySpan<byte> JsonHead { get; }
}
