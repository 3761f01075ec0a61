using System.Buffers;

namespace KinesisFlow.FlowLogs.Output;

/// <summary>
/// The dead-letter line shape shared by <c>kinesisflow decode --dead-letter</c> and the service: one JSON object
/// with the reason code, the message, where the bad input came from and its original bytes in base64 (the record's
/// data for a record error; for a line error the line, with its log group, stream, owner, event id and timestamp).
/// </summary>
public static class DeadLetterJsonWriter
{
    /// <summary>
    /// Writes one dead letter as a JSON object (no trailing newline). <paramref name="source"/> names where the
    /// record was read from (a file, a stream) when the caller knows.
    /// </summary>
    public static void Write(in DeadLetter letter, IBufferWriter<byte> output, string? source = null)
    {
        var json = new Utf8JsonBufferWriter(output, letter.Data.Length + 512);
        json.StartObject();
        json.Property("reason"u8, letter.ReasonCode);
        json.Property("message"u8, letter.Message);
        if (source is not null)
        {
            json.Property("source"u8, source);
        }

        json.Property("record_index"u8, letter.RecordIndex);
        if (letter.Kinesis.ShardId is not null)
        {
            json.Property("shard_id"u8, letter.Kinesis.ShardId);
        }

        if (letter.Kinesis.SequenceNumber is not null)
        {
            json.Property("sequence_number"u8, letter.Kinesis.SequenceNumber);
        }

        if (!letter.LogGroup.IsEmpty)
        {
            json.Property("log_group"u8, letter.LogGroup);
        }

        if (!letter.LogStream.IsEmpty)
        {
            json.Property("log_stream"u8, letter.LogStream);
        }

        if (letter.EventIndex >= 0)
        {
            json.Property("event_index"u8, letter.EventIndex);
            json.Property("event_id"u8, letter.EventId);

            // With the line, what the envelope said of it: enough for `kinesisflow redrive` to decode the line again
            // into the same event once its format is fixed.
            json.Property("owner"u8, letter.Owner);
            json.Property("timestamp"u8, letter.Timestamp);
        }

        if (letter.FieldPosition > 0)
        {
            json.Property("field_position"u8, letter.FieldPosition);
        }

        json.PropertyName("data_base64"u8);
        json.Base64String(letter.Data);
        json.EndObject();
        json.Flush();
    }
}
