using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using KinesisFlow.FlowLogs;

namespace KinesisFlow.Cli;

/// <summary>
/// Feeds the records of one input to the decoder. An input is the JSON <c>aws kinesis get-records</c> prints
/// (several such documents may follow each other), a Firehose transformation event or a Lambda <c>awslogs</c>
/// event (same idea, other spelling), or the raw gzip bytes of one record. The shape is detected from the content.
/// </summary>
internal sealed class DecodeInputReader : IDisposable
{
    private readonly FlowRecordDecoder _decoder;
    private readonly IFlowRecordHandler _handler;
    private readonly IDeadLetterHandler _deadLetters;
    private readonly Action _afterRecord;
    private byte[] _data = ArrayPool<byte>.Shared.Rent(64 * 1024);
    private byte[] _unescaped = [];

    public DecodeInputReader(FlowRecordDecoder decoder, IFlowRecordHandler handler, IDeadLetterHandler deadLetters, Action afterRecord)
    {
        _decoder = decoder;
        _handler = handler;
        _deadLetters = deadLetters;
        _afterRecord = afterRecord;
    }

    /// <summary>Decodes every record of <paramref name="content"/>; throws <see cref="DecodeUsageException"/> for JSON of another shape.</summary>
    public void Decode(string name, ReadOnlySpan<byte> content)
    {
        var start = content.StartsWith("\uFEFF"u8) ? 3 : 0;
        var first = content[start..].IndexOfAnyExcept(" \t\r\n"u8);
        if (first < 0 || content[start + first] != (byte)'{')
        {
            _decoder.Decode(content, _handler, _deadLetters);
            _afterRecord();
            return;
        }

        try
        {
            var reader = new Utf8JsonReader(content[start..], new JsonReaderOptions { AllowMultipleValues = true });
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.StartObject || !ReadDocument(ref reader))
                {
                    throw new DecodeUsageException(
                        $"input '{name}' is JSON but not `aws kinesis get-records` output (no \"Records\" array)");
                }
            }
        }
        catch (JsonException e)
        {
            throw new DecodeUsageException($"input '{name}' is not valid JSON: {e.Message}", e);
        }
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_data);
        _data = [];
        if (_unescaped.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_unescaped);
            _unescaped = [];
        }
    }

    // One top-level object; true when it held records (Records / records / awslogs).
    private bool ReadDocument(ref Utf8JsonReader reader)
    {
        var recognised = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("Records"u8) || reader.ValueTextEquals("records"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    return false;
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                {
                    ReadRecord(ref reader);
                }

                recognised = true;
            }
            else if (reader.ValueTextEquals("awslogs"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    return false;
                }

                ReadRecord(ref reader);
                recognised = true;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return recognised;
    }

    // One record object: Data (base64) and, from get-records, SequenceNumber; other properties are ignored.
    private void ReadRecord(ref Utf8JsonReader reader)
    {
        string? sequenceNumber = null;
        var dataLength = -1;
        var badBase64 = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("Data"u8) || reader.ValueTextEquals("data"u8))
            {
                reader.Read();
                badBase64 = !TryDecodeBase64(ref reader, out dataLength);
            }
            else if (reader.ValueTextEquals("SequenceNumber"u8))
            {
                reader.Read();
                sequenceNumber = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        var context = new KinesisRecordContext(null, sequenceNumber);
        if (badBase64 || dataLength < 0)
        {
            var message = dataLength < 0 && !badBase64 ? "record has no Data" : "record Data is not valid base64";
            _decoder.Reject(_data.AsSpan(0, Math.Max(dataLength, 0)), DeadLetterReason.NotBase64, message, _deadLetters, context);
        }
        else
        {
            _decoder.Decode(_data.AsSpan(0, dataLength), _handler, _deadLetters, context);
        }

        _afterRecord();
    }

    private bool TryDecodeBase64(ref Utf8JsonReader reader, out int length)
    {
        length = 0;
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return false;
        }

        var text = reader.ValueSpan;
        if (reader.ValueIsEscaped)
        {
            Grow(ref _unescaped, text.Length);
            text = _unescaped.AsSpan(0, reader.CopyString(_unescaped));
        }

        Grow(ref _data, Base64.GetMaxDecodedFromUtf8Length(text.Length));
        var status = Base64.DecodeFromUtf8(text, _data, out _, out length);
        return status == OperationStatus.Done;
    }

    private static void Grow(ref byte[] buffer, int size)
    {
        if (buffer.Length < size)
        {
            if (buffer.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            buffer = ArrayPool<byte>.Shared.Rent(size);
        }
    }
}
