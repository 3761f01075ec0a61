using System.Diagnostics.CodeAnalysis;

namespace KinesisFlow.FlowLogs;

/// <summary>
/// One decoded flow log record: the raw line, its fields as UTF-8 spans (by position or by <see cref="FlowField"/>),
/// numbers already validated (and parsed when asked for: the json output never needs their values), and its
/// envelope context. A view over the decoder's buffers, valid only
/// during the handler call: copy what must outlive it.
/// Not a readonly struct only so that the decoder can build it once per record and change the line and the event's
/// members per line (<see cref="SetEvent"/>) instead of building and copying all of it (about 200 bytes) per line;
/// handlers receive it read-only (<c>in</c>), and every member reads it without a defensive copy.
/// </summary>
public ref struct FlowRecord
{
    /// <summary>
    /// How many bytes past the end of any text a decoded record hands out (its line and fields, the envelope's text,
    /// the Kinesis record's ids) are readable: the decoder's buffers keep that much room after what they hold, so
    /// writers may copy short text with fixed-size vector moves that read past its end.
    /// </summary>
    internal const int ReadablePadding = 64;

    private readonly ReadOnlySpan<TokenRange> _tokens;
    private FlowEventContext _context;

    internal FlowRecord(
        FlowLogFormat format,
        ReadOnlySpan<byte> line,
        ReadOnlySpan<TokenRange> tokens,
        FlowEventContext context)
    {
        Format = format;
        Line = line;
        _tokens = tokens;
        _context = context;
    }

    /// <summary>Makes this record the next line of the same Kinesis record: its line and its event's members.</summary>
    internal void SetEvent(ReadOnlySpan<byte> line, ReadOnlySpan<byte> eventId, long timestamp, int eventIndex, bool isPlainEvent, ReadOnlySpan<byte> timestampDigits)
    {
        Line = line;
        _context.SetEvent(eventId, timestamp, eventIndex, isPlainEvent, timestampDigits);
    }

    public FlowLogFormat Format { get; }

    /// <summary>The flow line as received (leading and trailing blanks and line breaks removed).</summary>
    public ReadOnlySpan<byte> Line { get; private set; }

    /// <summary>The event's envelope context; a reference, so that writers reading it per line do not copy it.</summary>
    [UnscopedRef]
    public readonly ref readonly FlowEventContext Context => ref _context;

    /// <summary>The number of fields (equal to <c>Format.Count</c>).</summary>
    public readonly int FieldCount => Format.Count;

    /// <summary>The token at <paramref name="position"/> exactly as written, <c>-</c> included.</summary>
    public readonly ReadOnlySpan<byte> ValueAt(int position)
    {
        var token = _tokens[position];
        return Line.Slice(token.Start, token.Length);
    }

    /// <summary>Where each token sits in <see cref="Line"/>, by position.</summary>
    internal readonly ReadOnlySpan<TokenRange> Tokens => _tokens;

    /// <summary>False when the token at <paramref name="position"/> is <c>-</c> (no value).</summary>
    public readonly bool HasValueAt(int position)
    {
        var token = _tokens[position];
        return token.Length != 1 || Line[token.Start] != (byte)'-';
    }

    /// <summary>The parsed value of a numeric field at <paramref name="position"/> (0 when it has no value).</summary>
    public readonly long NumberAt(int position) => Format.Kinds[position] == FlowValueKind.String ? 0 : FlowLineParser.ValueOf(ValueAt(position));

    /// <summary>The value of <paramref name="field"/>; false when the format lacks it or the line says <c>-</c>.</summary>
    public readonly bool TryGet(FlowField field, out ReadOnlySpan<byte> value)
    {
        var position = Format.IndexOf(field);
        if (position < 0 || !HasValueAt(position))
        {
            value = default;
            return false;
        }

        value = ValueAt(position);
        return true;
    }

    /// <summary>The value of <paramref name="field"/>, or an empty span when the format lacks it or the line says <c>-</c>.</summary>
    public readonly ReadOnlySpan<byte> Get(FlowField field) => TryGet(field, out var value) ? value : default;

    /// <summary>The parsed value of a numeric field; false when absent, <c>-</c>, or not a numeric field.</summary>
    public readonly bool TryGetNumber(FlowField field, out long value)
    {
        var position = Format.IndexOf(field);
        if (position < 0 || Format.Kinds[position] == FlowValueKind.String || !HasValueAt(position))
        {
            value = 0;
            return false;
        }

        value = FlowLineParser.ValueOf(ValueAt(position));
        return true;
    }
}
