using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace KinesisFlow.FlowLogs.Output;

/// <summary>
/// The <c>json</c> output: one flat object per flow record, keys the AWS field names in snake_case, in line order;
/// numeric fields as JSON numbers (64-bit where AWS allows), identifiers as strings exactly as written, fields that
/// say <c>-</c> left out; then <c>"cloudwatch": {log_group, log_stream, owner, event_id, timestamp}</c> and, when the
/// record came with one, <c>"kinesis": {shard_id, sequence_number}</c>.
/// </summary>
public sealed class JsonFlowRecordWriter : IFlowRecordWriter
{
    // The plan of the last format written: records of one log group share one format, so this almost always hits.
    // Plans are immutable, so a writer shared between threads at worst builds one again.
    private FlowOutputPlan? _plan;

    public void Write(in FlowRecord record, IBufferWriter<byte> output) => Write(record, output, endLine: false);

    /// <summary>The event and its line feed, written in the same span as the event on the plain path.</summary>
    public void WriteLine(in FlowRecord record, IBufferWriter<byte> output) => Write(record, output, endLine: true);

    private void Write(in FlowRecord record, IBufferWriter<byte> output, bool endLine)
    {
        ArgumentNullException.ThrowIfNull(output);

        // Flow logs are plain ASCII, so the common case needs no escaping at all: one bounded span, straight copies.
        var plan = PlanFor(record.Format);
        if (plan.SlotSize != 0 && IsPlain(record))
        {
            WritePlain(record, plan, output, endLine);
            return;
        }

        var json = new Utf8JsonBufferWriter(output, (record.Line.Length * 2) + 512);
        json.StartObject();
        WriteFields(ref json, record);
        WriteContext(ref json, record.Context);
        json.EndObject();
        json.Flush();
        if (endLine)
        {
            output.GetSpan(1)[0] = (byte)'\n';
            output.Advance(1);
        }
    }

    /// <summary>Writes every field that has a value as a property of the current object.</summary>
    internal static void WriteFields(ref Utf8JsonBufferWriter json, in FlowRecord record)
    {
        var format = record.Format;
        for (var i = 0; i < format.Count; i++)
        {
            if (!record.HasValueAt(i))
            {
                continue;
            }

            var info = format.InfoAt(i);
            json.EncodedPropertyName(info.JsonPropertyUtf8);
            if (info.IsNumeric)
            {
                json.Digits(record.ValueAt(i));
            }
            else
            {
                json.String(record.ValueAt(i));
            }
        }
    }

    /// <summary>Writes the <c>cloudwatch</c> object and, when known, the <c>kinesis</c> object.</summary>
    internal static void WriteContext(ref Utf8JsonBufferWriter json, in FlowEventContext context)
    {
        json.EncodedPropertyName("\"cloudwatch\":"u8);
        json.StartObject();
        json.Property("log_group"u8, context.LogGroup);
        json.Property("log_stream"u8, context.LogStream);
        json.Property("owner"u8, context.Owner);
        json.Property("event_id"u8, context.EventId);
        json.Property("timestamp"u8, context.Timestamp);
        json.EndObject();
        EcsOcsfVocabulary.WriteKinesis(ref json, context.Kinesis);
    }

    // Per line, the decoder already knows that the envelope and the event are plain (the usual case): that test inline,
    // the rest out of line (as a call per line it cost its call, prologue and spills).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsPlain(in FlowRecord record)
    {
        ref readonly var context = ref record.Context;
        return (context.IsPlainEnvelope & context.IsPlainEvent) || IsPlainAfterAll(record);
    }

    private static bool IsPlainAfterAll(in FlowRecord record)
    {
        ref readonly var context = ref record.Context;
        if (context.IsPlainEnvelope)
        {
            return context.IsPlainEvent || (JsonText.IsPlain(record.Line) && JsonText.IsPlain(context.EventId));
        }

        return JsonText.IsPlain(record.Line)
            && JsonText.IsPlain(context.LogGroup)
            && JsonText.IsPlain(context.LogStream)
            && JsonText.IsPlain(context.Owner)
            && JsonText.IsPlain(context.EventId)
            && JsonText.IsPlain(context.Kinesis.ShardId)
            && JsonText.IsPlain(context.Kinesis.SequenceNumber);
    }

    // Same output as the escaping path for text that needs no escaping; the bound makes every write in range, and
    // every text comes from the decoder, readable FlowRecord.ReadablePadding bytes past its end.
    private static void WritePlain(in FlowRecord record, FlowOutputPlan plan, IBufferWriter<byte> output, bool endLine)
    {
        var line = record.Line;
        var bound = plan.MaxFieldsLength + line.Length + ContextLength(record.Context) + FlowOutputPlan.Overwrite + 1;
        var span = output.GetSpan(bound);
        ref var destination = ref MemoryMarshal.GetReference(span);
        var at = plan.SlotSize == FlowOutputPlan.Overcopy
            ? WriteFields<OneMove>(ref destination, plan, line, record.Tokens)
            : WriteFields<Moves>(ref destination, plan, line, record.Tokens);
        at = WriteContext(ref destination, at, record.Context);

        // Members were written comma first: the first comma becomes the opening brace.
        destination = (byte)'{';
        Unsafe.Add(ref destination, at) = (byte)'\n';
        output.Advance(endLine ? at + 1 : at);
    }

    // The most the context's members can take: their text and at most 192 bytes of names and punctuation. Inline:
    // six additions, which the JIT left as a call per line.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ContextLength(in FlowEventContext context) =>
        context.LogGroup.Length + context.LogStream.Length + context.Owner.Length + context.EventId.Length
        + context.ShardIdUtf8.Length + context.SequenceNumberUtf8.Length + 192;

    // The cloudwatch object (up to the event id one copy of the head the decoder wrote for the record, else each member
    // a fixed piece and a copy) and, when known, the kinesis object; then the end of the event. Kept out of WritePlain (and positions passed by value, never by reference) so that the JIT keeps
    // the position in a register.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int WriteContext(ref byte destination, int at, in FlowEventContext context)
    {
        at = context.JsonHead.IsEmpty ? WriteHead(ref destination, at, context) : Text(ref destination, at, context.JsonHead);
        at = Text(ref destination, at, context.EventId);
        at = Piece(ref destination, at, ContextPiece.Timestamp);
        if (context.TimestampDigits.IsEmpty)
        {
            context.Timestamp.TryFormat(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref destination, at), 20), out var written, default, null);
            at += written;
        }
        else
        {
            at = Text(ref destination, at, context.TimestampDigits);
        }

        Unsafe.Add(ref destination, at++) = (byte)'}';
        var kinesis = context.Kinesis;
        if (kinesis.ShardId is not null || kinesis.SequenceNumber is not null)
        {
            at = Literal(ref destination, at, ",\"kinesis\":{"u8);
            if (kinesis.ShardId is not null)
            {
                at = Literal(ref destination, at, "\"shard_id\":\""u8);
                at = Text(ref destination, at, context.ShardIdUtf8);
                Unsafe.Add(ref destination, at++) = (byte)'"';
            }

            if (kinesis.SequenceNumber is not null)
            {
                at = Literal(ref destination, at, kinesis.ShardId is null ? "\"sequence_number\":\""u8 : ",\"sequence_number\":\""u8);
                at = Text(ref destination, at, context.SequenceNumberUtf8);
                Unsafe.Add(ref destination, at++) = (byte)'"';
            }

            Unsafe.Add(ref destination, at++) = (byte)'}';
        }

        Unsafe.Add(ref destination, at++) = (byte)'}';
        return at;
    }

    /// <summary>
    /// Writes the cloudwatch members up to the event id's opening quote (the part of every event of a record that is
    /// the same), with <see cref="FlowOutputPlan.Overwrite"/> bytes to spare after them; returns the new position. The
    /// decoder writes it once per record (<see cref="FlowEventContext.JsonHead"/>).
    /// </summary>
    internal static int WriteHead(ref byte destination, int at, in FlowEventContext context)
    {
        at = Piece(ref destination, at, ContextPiece.CloudWatch);
        at = Text(ref destination, at, context.LogGroup);
        at = Piece(ref destination, at, ContextPiece.LogStream);
        at = Text(ref destination, at, context.LogStream);
        at = Piece(ref destination, at, ContextPiece.Owner);
        at = Text(ref destination, at, context.Owner);
        return Piece(ref destination, at, ContextPiece.EventId);
    }

    // Every member is written with its leading comma (the caller turns the first one into the opening brace). One
    // walk over the fields and the plan's slots in step (a slot holds all the plan knows about its position). The
    // loop makes no call (copies are loops of vector moves, leading zeros are dropped inline) and keeps offsets rather
    // than references for the output, so that the JIT keeps its state in registers: with a call on a cold path it
    // spilled the position to the stack and every member waited on a reload. The two per-member tests (a lone "-", a
    // number with a leading zero) are each one integer expression and one branch: written with "&&" or "&" of
    // compares, the JIT made each compare a flag-to-register move, and v5's 29 short fields paid those instructions on
    // every line. TPrefix copies the member prefix: one vector move with 32-byte slots (the default and v5 formats),
    // without the loop longer slots need. (Writing "-" members too and stepping back, to avoid the branch, measured
    // the same.)
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int WriteFields<TPrefix>(ref byte destination, FlowOutputPlan plan, ReadOnlySpan<byte> line, ReadOnlySpan<TokenRange> tokens)
        where TPrefix : struct, IPrefixCopy
    {
        ref var lineStart = ref MemoryMarshal.GetReference(line);
        ref var token = ref MemoryMarshal.GetReference(tokens);
        ref var end = ref Unsafe.Add(ref token, tokens.Length);
        ref var slot = ref plan.Slots;
        var slotSize = (nuint)plan.SlotSize;
        var at = 0;
        for (; Unsafe.IsAddressLessThan(ref token, ref end); token = ref Unsafe.Add(ref token, 1), slot = ref Unsafe.Add(ref slot, slotSize))
        {
            var from = token.Start;
            var length = token.Length;
            var first = Unsafe.Add(ref lineStart, from);
            // A lone "-": no member.
            if (((length - 1) | (first ^ '-')) == 0)
            {
                continue;
            }

            int prefixLength = Unsafe.Add(ref slot, FlowOutputPlan.LengthOffset);
            int isString = Unsafe.Add(ref slot, FlowOutputPlan.StringOffset);
            // A number of two digits or more that starts with 0 (the expression is zero only when all three hold).
            if (((first ^ '0') | isString | ((length - 2) >>> 31)) == 0)
            {
                // Validated digits with leading zeros, which JSON does not allow: all but the last of a zero go. (A
                // lone 0, common in ports and tcp-flags, does not enter: AWS writes no leading zeros.)
                while (length > 1 && Unsafe.Add(ref lineStart, from) == (byte)'0')
                {
                    from++;
                    length--;
                }
            }

            TPrefix.Copy(ref Unsafe.Add(ref destination, at), ref Unsafe.Add(ref slot, FlowOutputPlan.PrefixOffset), prefixLength);
            at += prefixLength;
            FlowOutputPlan.CopyText(ref Unsafe.Add(ref destination, at), ref Unsafe.Add(ref lineStart, from), length);
            at += length;

            // A string's closing quote (a number's next member overwrites it).
            Unsafe.Add(ref destination, at) = (byte)'"';
            at += isString;
        }

        return at;
    }

    // How WriteFields copies a member prefix out of its slot (a type argument, so that each copy is compiled in).
    private interface IPrefixCopy
    {
        static abstract void Copy(ref byte destination, ref byte source, int length);
    }

    // 32-byte slots: a prefix (at most 30 bytes) is shorter than one vector move.
    private readonly struct OneMove : IPrefixCopy
    {
        public static void Copy(ref byte destination, ref byte source, int length) => FlowOutputPlan.CopySmall(ref destination, ref source, length);
    }

    // Longer slots (a format with ECS or long unknown names): as many moves as the prefix needs.
    private readonly struct Moves : IPrefixCopy
    {
        public static void Copy(ref byte destination, ref byte source, int length) => FlowOutputPlan.CopyText(ref destination, ref source, length);
    }

    private static int Piece(ref byte destination, int at, ContextPiece piece)
    {
        var (start, length) = ContextPieces.Slot(piece);
        FlowOutputPlan.CopySmall(ref Unsafe.Add(ref destination, at), ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(ContextPieces.Bytes), start), length);
        return at + length;
    }

    private static int Text(ref byte destination, int at, ReadOnlySpan<byte> text)
    {
        if (text.IsEmpty)
        {
            return at;
        }

        FlowOutputPlan.CopyText(ref Unsafe.Add(ref destination, at), ref MemoryMarshal.GetReference(text), text.Length);
        return at + text.Length;
    }

    private FlowOutputPlan PlanFor(FlowLogFormat format)
    {
        var plan = _plan;
        if (plan is null || !ReferenceEquals(plan.Format, format))
        {
            plan = new FlowOutputPlan(format);
            _plan = plan;
        }

        return plan;
    }

    private static int Literal(ref byte destination, int at, ReadOnlySpan<byte> bytes)
    {
        Unsafe.CopyBlockUnaligned(ref Unsafe.Add(ref destination, at), ref MemoryMarshal.GetReference(bytes), (uint)bytes.Length);
        return at + bytes.Length;
    }
}
