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

    public void Write(in FlowRecord record, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);

        // Flow logs are plain ASCII, so the common case needs no escaping at all: one bounded span, straight copies.
        if (IsPlain(record))
        {
            WritePlain(record, output);
            return;
        }

        var json = new Utf8JsonBufferWriter(output, (record.Line.Length * 2) + 512);
        json.StartObject();
        WriteFields(ref json, record);
        WriteContext(ref json, record.Context);
        json.EndObject();
        json.Flush();
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

    private static bool IsPlain(in FlowRecord record)
    {
        var context = record.Context;
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

    // Same output as the escaping path for text that needs no escaping; the bound makes every write in range.
    private void WritePlain(in FlowRecord record, IBufferWriter<byte> output)
    {
        var context = record.Context;
        var kinesis = context.Kinesis;
        var plan = PlanFor(record.Format);
        var bound = plan.MaxFieldsLength + record.Line.Length + context.LogGroup.Length
            + context.LogStream.Length + context.Owner.Length + context.EventId.Length
            + (kinesis.ShardId?.Length ?? 0) + (kinesis.SequenceNumber?.Length ?? 0) + 192 + FlowOutputPlan.Overcopy;
        var span = output.GetSpan(bound);
        ref var destination = ref MemoryMarshal.GetReference(span);
        var line = record.Line;
        ref var lineStart = ref MemoryMarshal.GetReference(line);

        // Every member is written with its leading comma; the first comma then becomes the opening brace.
        var at = 0;
        var positions = plan.Positions;
        for (var i = 0; i < positions.Length; i++)
        {
            var token = record.TokenAt(i);
            var from = token.Start;
            ref var value = ref Unsafe.Add(ref lineStart, from);
            if (token.Length == 1 && value == (byte)'-')
            {
                continue;
            }

            ref readonly var position = ref positions[i];
            if (position.PrefixLength <= FlowOutputPlan.Overcopy)
            {
                FlowOutputPlan.CopySmall(ref Unsafe.Add(ref destination, at), ref plan.Prefix(position), position.PrefixLength);
            }
            else
            {
                // A long name this version does not know.
                Unsafe.CopyBlockUnaligned(ref Unsafe.Add(ref destination, at), ref plan.Prefix(position), (uint)position.PrefixLength);
            }

            at += position.PrefixLength;
            var length = token.Length;
            if (position.IsNumeric && value == (byte)'0' && length > 1)
            {
                // Validated digits with leading zeros, which JSON does not allow.
                var zeros = line.Slice(from, length).IndexOfAnyExcept((byte)'0');
                var skip = zeros < 0 ? length - 1 : zeros;
                value = ref Unsafe.Add(ref value, skip);
                from += skip;
                length -= skip;
            }

            // Reading up to Overcopy bytes from a value is in range while the line goes on that far.
            if (length <= FlowOutputPlan.Overcopy && line.Length - from >= FlowOutputPlan.Overcopy)
            {
                FlowOutputPlan.CopySmall(ref Unsafe.Add(ref destination, at), ref value, length);
            }
            else
            {
                Unsafe.CopyBlockUnaligned(ref Unsafe.Add(ref destination, at), ref value, (uint)length);
            }

            at += length;
            if (!position.IsNumeric)
            {
                Unsafe.Add(ref destination, at++) = (byte)'"';
            }
        }

        if (at == 0)
        {
            span[at++] = (byte)'{';
            Copy(span, ref at, "\"cloudwatch\":{\"log_group\":\""u8);
        }
        else
        {
            span[0] = (byte)'{';
            Copy(span, ref at, ",\"cloudwatch\":{\"log_group\":\""u8);
        }

        Copy(span, ref at, context.LogGroup);
        Copy(span, ref at, "\",\"log_stream\":\""u8);
        Copy(span, ref at, context.LogStream);
        Copy(span, ref at, "\",\"owner\":\""u8);
        Copy(span, ref at, context.Owner);
        Copy(span, ref at, "\",\"event_id\":\""u8);
        Copy(span, ref at, context.EventId);
        Copy(span, ref at, "\",\"timestamp\":"u8);
        context.Timestamp.TryFormat(span[at..], out var written, default, null);
        at += written;
        span[at++] = (byte)'}';
        if (kinesis.ShardId is not null || kinesis.SequenceNumber is not null)
        {
            Copy(span, ref at, ",\"kinesis\":{"u8);
            if (kinesis.ShardId is not null)
            {
                Copy(span, ref at, "\"shard_id\":\""u8);
                at += System.Text.Encoding.ASCII.GetBytes(kinesis.ShardId, span[at..]);
                span[at++] = (byte)'"';
            }

            if (kinesis.SequenceNumber is not null)
            {
                Copy(span, ref at, kinesis.ShardId is null ? "\"sequence_number\":\""u8 : ",\"sequence_number\":\""u8);
                at += System.Text.Encoding.ASCII.GetBytes(kinesis.SequenceNumber, span[at..]);
                span[at++] = (byte)'"';
            }

            span[at++] = (byte)'}';
        }

        span[at++] = (byte)'}';
        output.Advance(at);
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

    private static void Copy(Span<byte> span, ref int at, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(span[at..]);
        at += bytes.Length;
    }
}
