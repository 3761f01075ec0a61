using System.Buffers;

namespace KinesisFlow.FlowLogs.Output;

/// <summary>
/// The <c>json</c> output: one flat object per flow record, keys the AWS field names in snake_case, in line order;
/// numeric fields as JSON numbers (64-bit where AWS allows), identifiers as strings exactly as written, fields that
/// say <c>-</c> left out; then <c>"cloudwatch": {log_group, log_stream, owner, event_id, timestamp}</c> and, when the
/// record came with one, <c>"kinesis": {shard_id, sequence_number}</c>.
/// </summary>
public sealed class JsonFlowRecordWriter : IFlowRecordWriter
{
    public void Write(in FlowRecord record, IBufferWriter<byte> output)
    {
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
        var fields = record.Format.Fields;
        for (var i = 0; i < fields.Length; i++)
        {
            if (!record.HasValueAt(i))
            {
                continue;
            }

            var info = FlowFields.Info(fields[i]);
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

        var kinesis = context.Kinesis;
        if (kinesis.ShardId is null && kinesis.SequenceNumber is null)
        {
            return;
        }

        json.EncodedPropertyName("\"kinesis\":"u8);
        json.StartObject();
        if (kinesis.ShardId is not null)
        {
            json.Property("shard_id"u8, kinesis.ShardId);
        }

        if (kinesis.SequenceNumber is not null)
        {
            json.Property("sequence_number"u8, kinesis.SequenceNumber);
        }

        json.EndObject();
    }
}
