using System.Runtime.InteropServices;

namespace KinesisFlow.FlowLogs;

/// <summary>
/// Turns Kinesis records (gzip'd CloudWatch Logs envelopes) into flow records, in stream order, over pooled
/// buffers reused from record to record: no string per field, no allocation per line. Every failure is reported
/// to the dead-letter handler as a value and counted; nothing about the input makes it throw.
/// Not thread-safe: use one decoder per shard or thread.
/// </summary>
public sealed class FlowRecordDecoder : IDisposable
{
    // Room for every known field and the single-spaced split's blind writes; a format with fields this version does
    // not know may need more, and the table then grows once, on its first record (never per line).
    private TokenRange[] _tokens = new TokenRange[FlowFields.Count + SingleSpacedSplit.TokenSlack];
    // The line parser's scratch (digit-or-space masks), kept rather than allocated on the stack, where it would be
    // cleared for every line.
    private readonly uint[] _masks = new uint[FlowLineParser.MaskTableLength];
    private readonly FormatMap _formats;
    private readonly GzipInflater _inflater;
    private readonly EnvelopeReader _envelope = new();

    // The record's Kinesis shard id and sequence number as UTF-8 (encoded once per record, not per line), with the
    // readable padding FlowRecord promises after all text it hands out. Grows when longer ids come, never per line.
    private byte[] _kinesisText = new byte[128 + FlowRecord.ReadablePadding];
    private byte[] _jsonHead = new byte[256 + FlowRecord.ReadablePadding];
    private DecodeCounts _counts;

    public FlowRecordDecoder(FormatMap formats, FlowDecoderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(formats);
        options ??= new FlowDecoderOptions();
        options.Validate();
        _formats = formats;
        _inflater = new GzipInflater(options.MaxDecompressedBytes);
    }

    public FlowRecordDecoder(FlowLogFormat format, FlowDecoderOptions? options = null)
        : this(FormatMap.Single(format), options)
    {
    }

    /// <summary>Totals since this decoder was created.</summary>
    public DecodeCounts Counts => _counts;

    /// <summary>
    /// Decodes one record's data. Flow records go to <paramref name="handler"/>; bad records and lines go to
    /// <paramref name="deadLetters"/> (when given) and are counted either way. Exceptions thrown by the handlers
    /// propagate: they are the caller's, not the input's.
    /// </summary>
    public RecordDecodeResult Decode(
        ReadOnlySpan<byte> data,
        IFlowRecordHandler handler,
        IDeadLetterHandler? deadLetters = null,
        KinesisRecordContext context = default)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var recordIndex = CountRecord();

        if (_inflater.Inflate(data, out var error) is { } inflateFailure)
        {
            return RejectRecord(inflateFailure, error!, recordIndex, context, data, default, deadLetters);
        }

        var payload = _inflater.OutputBuffer;
        var length = _inflater.OutputLength;
        var offset = _inflater.Output.StartsWith("\uFEFF"u8) ? 3 : 0;
        if (_envelope.Read(payload, offset, length - offset, out error) is { } envelopeFailure)
        {
            return RejectRecord(envelopeFailure, error!, recordIndex, context, data, _envelope.Text(payload, _envelope.LogGroup), deadLetters);
        }

        if (_envelope.IsControl)
        {
            _counts = _counts with { ControlMessages = _counts.ControlMessages + 1 };
            return new RecordDecodeResult(RecordOutcome.Control, 0, 0, length);
        }

        var logGroup = _envelope.Text(payload, _envelope.LogGroup);
        var logStream = _envelope.Text(payload, _envelope.LogStream);
        var owner = _envelope.Text(payload, _envelope.Owner);
        var format = _formats.Resolve(logGroup, out var formatProblem);
        if (format is null)
        {
            // This log group's configured format could not be parsed: its records go to the dead letters, naming
            // the log group, while the other log groups decode.
            return RejectRecord(DeadLetterReason.UnusableFormat, formatProblem!, recordIndex, context, data, logGroup, deadLetters);
        }

        if (format.Count + SingleSpacedSplit.TokenSlack > _tokens.Length)
        {
            _tokens = new TokenRange[format.Count + SingleSpacedSplit.TokenSlack];
        }

        var plain = Output.JsonText.IsPlain(logGroup) && Output.JsonText.IsPlain(logStream) && Output.JsonText.IsPlain(owner)
            && Output.JsonText.IsPlain(context.ShardId) && Output.JsonText.IsPlain(context.SequenceNumber);
        EncodeKinesisText(context, out var shardIdUtf8, out var sequenceNumberUtf8);
        int events = 0, lineErrors = 0;
        var slots = _envelope.Events;
        var tokens = _tokens.AsSpan(0, format.Count);

        // One record for all lines, its per-record members set once: per line only the line and the event's members
        // change (building and copying the whole record, about 200 bytes, per line was a good part of this loop).
        var head = new FlowEventContext(logGroup, logStream, owner, default, 0, 0, context);
        var record = new FlowRecord(
            format,
            default,
            tokens,
            new FlowEventContext(logGroup, logStream, owner, default, 0, 0, context, plain, false, default, shardIdUtf8, sequenceNumberUtf8, JsonHead(head)));
        for (var i = 0; i < slots.Length; i++)
        {
            var slot = slots[i];
            var line = FlowLineParser.Trim(_envelope.Text(payload, slot.Message));
            record.SetEvent(line, _envelope.Text(payload, slot.Id), slot.Timestamp, i, slot.Plain, _envelope.Text(payload, slot.TimestampDigits));
            var failure = FlowLineParser.Parse(line, format, _tokens, _masks, out var fieldPosition, out error);
            if (failure is null)
            {
                handler.Handle(record);
                events++;
            }
            else
            {
                lineErrors++;
                deadLetters?.Handle(new DeadLetter(failure.Value, error!, recordIndex, record.Context, fieldPosition, line));
            }
        }

        _counts = _counts with { Events = _counts.Events + events, LineErrors = _counts.LineErrors + lineErrors };
        return new RecordDecodeResult(RecordOutcome.Data, events, lineErrors, length);
    }

    /// <summary>
    /// Counts and dead-letters a record the caller could not even hand over (its data was not valid base64, say),
    /// so that such records appear in <see cref="Counts"/> and the dead-letter output like any other.
    /// </summary>
    public void Reject(
        ReadOnlySpan<byte> data,
        DeadLetterReason reason,
        string message,
        IDeadLetterHandler? deadLetters = null,
        KinesisRecordContext context = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        RejectRecord(reason, message, CountRecord(), context, data, default, deadLetters);
    }

    /// <summary>
    /// Hands the pooled buffers (decompressed record, record copy, event table: 90 KB and up, as large as the largest
    /// record seen) back to the pool; the next <see cref="Decode"/> rents them again. A caller whose input has run dry
    /// calls it so that an idle decoder holds nothing: a worker with a thousand caught-up shards would otherwise keep a
    /// thousand sets.
    /// </summary>
    public void ReleaseBuffers()
    {
        _inflater.ReleaseBuffers();
        _envelope.ReleaseBuffers();
    }

    /// <summary>Whether any pooled buffer is rented right now (false after <see cref="ReleaseBuffers"/>).</summary>
    internal bool HoldsBuffers => _inflater.HoldsBuffers || _envelope.HoldsBuffers;

    public void Dispose() => ReleaseBuffers();

    // The json output's cloudwatch members up to the event id, written once per record instead of per line.
    private ReadOnlySpan<byte> JsonHead(in FlowEventContext context)
    {
        var needed = context.LogGroup.Length + context.LogStream.Length + context.Owner.Length + 192 + FlowRecord.ReadablePadding;
        if (_jsonHead.Length < needed)
        {
            _jsonHead = new byte[needed];
        }

        return _jsonHead.AsSpan(0, Output.JsonFlowRecordWriter.WriteHead(ref MemoryMarshal.GetArrayDataReference(_jsonHead), 0, context));
    }

    private void EncodeKinesisText(KinesisRecordContext context, out ReadOnlySpan<byte> shardId, out ReadOnlySpan<byte> sequenceNumber)
    {
        var shardIdLength = System.Text.Encoding.UTF8.GetByteCount(context.ShardId ?? string.Empty);
        var sequenceNumberLength = System.Text.Encoding.UTF8.GetByteCount(context.SequenceNumber ?? string.Empty);
        var needed = shardIdLength + sequenceNumberLength + (2 * FlowRecord.ReadablePadding);
        if (_kinesisText.Length < needed)
        {
            _kinesisText = new byte[needed];
        }

        // Each id is followed by the padding (the second id starts after the first one's).
        var second = shardIdLength + FlowRecord.ReadablePadding;
        shardId = _kinesisText.AsSpan(0, System.Text.Encoding.UTF8.GetBytes(context.ShardId ?? string.Empty, _kinesisText));
        sequenceNumber = _kinesisText.AsSpan(second, System.Text.Encoding.UTF8.GetBytes(context.SequenceNumber ?? string.Empty, _kinesisText.AsSpan(second)));
    }

    // Every record handed over counts, whatever becomes of it; its index is its position among them.
    private long CountRecord()
    {
        var recordIndex = _counts.Records;
        _counts = _counts with { Records = recordIndex + 1 };
        return recordIndex;
    }

    private RecordDecodeResult RejectRecord(
        DeadLetterReason reason,
        string message,
        long recordIndex,
        KinesisRecordContext context,
        ReadOnlySpan<byte> data,
        ReadOnlySpan<byte> logGroup,
        IDeadLetterHandler? deadLetters)
    {
        _counts = _counts with { RecordErrors = _counts.RecordErrors + 1 };
        deadLetters?.Handle(new DeadLetter(reason, message, recordIndex, context, data) { LogGroup = logGroup });
        return new RecordDecodeResult(RecordOutcome.DeadLettered, 0, 0, _inflater.OutputLength);
    }
}
