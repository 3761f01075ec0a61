using System.Buffers;
using System.Text.Json;

namespace KinesisFlow.FlowLogs;

/// <summary>Where a piece of envelope text lives: in the payload itself, or unescaped into the scratch buffer.</summary>
internal readonly record struct TextRef(int Start, int Length, bool InScratch);

/// <summary>The properties of a <c>logEvents</c> entry the decoder reads.</summary>
internal enum EventField
{
    Other,
    Id,
    Timestamp,
    Message,
}

/// <summary>One entry of <c>logEvents</c>, located but not yet parsed.</summary>
/// <remarks>
/// <paramref name="Plain"/>: the id and message need no JSON escaping (false when not known).
/// <paramref name="TimestampDigits"/>: where the timestamp's digits sit when they are exactly how the timestamp
/// formats (no sign, no leading zero), so that writers copy them; empty when not known.
/// </remarks>
internal readonly record struct EventSlot(TextRef Id, long Timestamp, TextRef Message, bool Plain = false, TextRef TimestampDigits = default);

/// <summary>
/// Walks a decompressed CloudWatch Logs envelope once with <see cref="Utf8JsonReader"/> and records where each
/// event's text sits. The whole record is checked before any event is handed out, so a record that turns out to be
/// malformed half-way dead-letters as a whole instead of leaving half of its events delivered.
/// Text that JSON escaped is unescaped once into a pooled scratch buffer; plain text is never copied.
/// </summary>
internal sealed class EnvelopeReader : IDisposable
{
    private const int InitialScratchBytes = 4096;
    private const int InitialEventSlots = 512;

    // Rented on first use and handed back by ReleaseBuffers: an idle shard's decoder holds none.
    private byte[] _scratch = [];
    private int _scratchUsed;
    private EventSlot[] _events = [];

    public bool IsControl { get; private set; }

    public TextRef LogGroup { get; private set; }

    public TextRef LogStream { get; private set; }

    public TextRef Owner { get; private set; }

    public int EventCount { get; private set; }

    public ReadOnlySpan<EventSlot> Events => _events.AsSpan(0, EventCount);

    public ReadOnlySpan<byte> Text(byte[] payload, TextRef text) =>
        text.InScratch ? _scratch.AsSpan(text.Start, text.Length) : payload.AsSpan(text.Start, text.Length);

    /// <summary>Reads <paramref name="length"/> bytes of JSON at <paramref name="offset"/> in <paramref name="payload"/>.</summary>
    public DeadLetterReason? Read(byte[] payload, int offset, int length, out string? error)
    {
        _scratchUsed = 0;
        EventCount = 0;
        LogGroup = LogStream = Owner = default;
        IsControl = false;
        if (TryScan(payload, offset, length))
        {
            error = null;
            return null;
        }

        _scratchUsed = 0;
        EventCount = 0;
        LogGroup = LogStream = Owner = default;
        IsControl = false;
        try
        {
            var reader = new Utf8JsonReader(payload.AsSpan(offset, length));
            return ReadEnvelope(ref reader, offset, out error);
        }
        catch (JsonException e)
        {
            error = $"payload is not valid JSON: {e.Message}";
            return DeadLetterReason.InvalidJson;
        }
    }

    /// <summary>Returns the pooled buffers; the next <see cref="Read"/> rents them again. Forgets the last envelope.</summary>
    public void ReleaseBuffers()
    {
        _scratchUsed = 0;
        EventCount = 0;
        LogGroup = LogStream = Owner = default;
        if (_scratch.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_scratch);
            _scratch = [];
        }

        if (_events.Length > 0)
        {
            ArrayPool<EventSlot>.Shared.Return(_events);
            _events = [];
        }
    }

    public bool HoldsBuffers => _scratch.Length > 0 || _events.Length > 0;

    public void Dispose() => ReleaseBuffers();

    // The fast path: plain envelopes (all of CloudWatch Logs' in practice) without Utf8JsonReader's general
    // machinery. False means "not plain, or not valid": the general reader then reads the record again.
    private bool TryScan(byte[] payload, int offset, int length)
    {
        var scan = new EnvelopeScanner(payload, offset, length);
        if (!scan.Take((byte)'{'))
        {
            return false;
        }

        var sawType = false;
        var sawEvents = false;
        do
        {
            if (!scan.String(out var name) || !scan.Take((byte)':'))
            {
                return false;
            }

            var key = scan.Text(name);
            TextRef text;
            if (key.SequenceEqual("messageType"u8))
            {
                if (!scan.String(out text))
                {
                    return false;
                }

                var type = scan.Text(text);
                if (type.SequenceEqual("CONTROL_MESSAGE"u8))
                {
                    IsControl = true;
                }
                else if (!type.SequenceEqual("DATA_MESSAGE"u8))
                {
                    return false;
                }

                sawType = true;
            }
            else if (key.SequenceEqual("logGroup"u8))
            {
                if (!scan.String(out text))
                {
                    return false;
                }

                LogGroup = text;
            }
            else if (key.SequenceEqual("logStream"u8))
            {
                if (!scan.String(out text))
                {
                    return false;
                }

                LogStream = text;
            }
            else if (key.SequenceEqual("owner"u8))
            {
                if (!scan.String(out text))
                {
                    return false;
                }

                Owner = text;
            }
            else if (key.SequenceEqual("logEvents"u8))
            {
                if (!ScanEvents(ref scan))
                {
                    return false;
                }

                sawEvents = true;
            }
            else if (!scan.SkipValue())
            {
                return false;
            }
        }
        while (scan.Take((byte)','));

        return scan.Take((byte)'}') && scan.AtEnd() && sawType && (IsControl || sawEvents);
    }

    private bool ScanEvents(ref EnvelopeScanner scan)
    {
        if (!scan.Take((byte)'['))
        {
            return false;
        }

        if (scan.Take((byte)']'))
        {
            return true;
        }

        do
        {
            if (scan.StandardEvent(out var standard))
            {
                AddEvent(standard);
                continue;
            }

            if (!scan.Take((byte)'{'))
            {
                return false;
            }

            TextRef id = default;
            TextRef message = default;
            long timestamp = 0;
            TextRef timestampText = default;
            var sawMessage = false;
            var plainMessage = false;
            var plainId = true;
            do
            {
                if (!scan.String(out var name) || !scan.Take((byte)':'))
                {
                    return false;
                }

                var ok = scan.Text(name) switch
                {
                    var key when key.SequenceEqual("message"u8) => sawMessage = scan.String(out message, out plainMessage),
                    var key when key.SequenceEqual("id"u8) => scan.NextIsString() ? scan.String(out id, out plainId) : scan.Integer(out _, out id),
                    var key when key.SequenceEqual("timestamp"u8) => scan.Integer(out timestamp, out timestampText),
                    _ => scan.SkipValue(),
                };
                if (!ok)
                {
                    return false;
                }
            }
            while (scan.Take((byte)','));

            if (!scan.Take((byte)'}') || !sawMessage)
            {
                return false;
            }

            AddEvent(new EventSlot(id, timestamp, message, plainMessage && plainId, EnvelopeScanner.FormattedDigits(scan.Text(timestampText), timestampText)));
        }
        while (scan.Take((byte)','));

        return scan.Take((byte)']');
    }

    private DeadLetterReason? ReadEnvelope(ref Utf8JsonReader reader, int offset, out string? error)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return Shape("payload is not a JSON object", out error);
        }

        var sawType = false;
        var sawEvents = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("messageType"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.String)
                {
                    return Shape("messageType is not a string", out error);
                }

                if (reader.ValueTextEquals("CONTROL_MESSAGE"u8))
                {
                    IsControl = true;
                }
                else if (!reader.ValueTextEquals("DATA_MESSAGE"u8))
                {
                    return Shape($"unknown messageType '{reader.GetString()}'", out error);
                }

                sawType = true;
            }
            else if (reader.ValueTextEquals("logGroup"u8))
            {
                LogGroup = ReadString(ref reader, offset, "logGroup", out error);
                if (error is not null)
                {
                    return DeadLetterReason.WrongShape;
                }
            }
            else if (reader.ValueTextEquals("logStream"u8))
            {
                LogStream = ReadString(ref reader, offset, "logStream", out error);
                if (error is not null)
                {
                    return DeadLetterReason.WrongShape;
                }
            }
            else if (reader.ValueTextEquals("owner"u8))
            {
                Owner = ReadString(ref reader, offset, "owner", out error);
                if (error is not null)
                {
                    return DeadLetterReason.WrongShape;
                }
            }
            else if (reader.ValueTextEquals("logEvents"u8))
            {
                if (ReadEvents(ref reader, offset, out error) is { } failure)
                {
                    return failure;
                }

                sawEvents = true;
            }
            else
            {
                // Unknown fields (subscriptionFilters, policy-level additions, ...) are skipped whatever their shape.
                reader.Read();
                reader.Skip();
            }
        }

        // Anything after the root object other than white space makes the reader throw (invalid JSON).
        while (reader.Read())
        {
        }

        if (!sawType)
        {
            return Shape("envelope has no messageType", out error);
        }

        if (!IsControl && !sawEvents)
        {
            return Shape("DATA_MESSAGE has no logEvents", out error);
        }

        error = null;
        return null;
    }

    private DeadLetterReason? ReadEvents(ref Utf8JsonReader reader, int offset, out string? error)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return Shape("logEvents is not an array", out error);
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var index = EventCount;
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return Shape($"logEvents[{index}] is not an object", out error);
            }

            TextRef id = default;
            TextRef message = default;
            long timestamp = 0;
            var sawMessage = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                switch (EventProperty(ref reader))
                {
                    case EventField.Message:
                        message = ReadString(ref reader, offset, "message", out error);
                        if (error is not null)
                        {
                            return Shape($"logEvents[{index}].message is not a string", out error);
                        }

                        sawMessage = true;
                        break;
                    case EventField.Id:
                        reader.Read();
                        if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Number))
                        {
                            return Shape($"logEvents[{index}].id is not a string", out error);
                        }

                        id = Capture(ref reader, offset);
                        break;
                    case EventField.Timestamp:
                        reader.Read();
                        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out timestamp))
                        {
                            return Shape($"logEvents[{index}].timestamp is not an integer", out error);
                        }

                        break;
                    default:
                        reader.Read();
                        reader.Skip();
                        break;
                }
            }

            if (!sawMessage)
            {
                return Shape($"logEvents[{index}] has no message", out error);
            }

            AddEvent(new EventSlot(id, timestamp, message));
        }

        error = null;
        return null;
    }

    // Three names per event, every event: compare the raw bytes when (as always in practice) nothing is escaped.
    private static EventField EventProperty(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped)
        {
            return reader.ValueTextEquals("message"u8) ? EventField.Message
                : reader.ValueTextEquals("id"u8) ? EventField.Id
                : reader.ValueTextEquals("timestamp"u8) ? EventField.Timestamp
                : EventField.Other;
        }

        var name = reader.ValueSpan;
        return name.Length switch
        {
            7 when name.SequenceEqual("message"u8) => EventField.Message,
            2 when name.SequenceEqual("id"u8) => EventField.Id,
            9 when name.SequenceEqual("timestamp"u8) => EventField.Timestamp,
            _ => EventField.Other,
        };
    }

    private TextRef ReadString(ref Utf8JsonReader reader, int offset, string name, out string? error)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.String)
        {
            error = $"{name} is not a string";
            return default;
        }

        error = null;
        return Capture(ref reader, offset);
    }

    // Points at the token's bytes in the payload when they need no unescaping (always, for flow logs).
    private TextRef Capture(ref Utf8JsonReader reader, int offset)
    {
        var raw = reader.ValueSpan;
        if (!reader.ValueIsEscaped)
        {
            var quote = reader.TokenType == JsonTokenType.String ? 1 : 0;
            return new TextRef(offset + (int)reader.TokenStartIndex + quote, raw.Length, InScratch: false);
        }

        // Unescaped text is never longer than its escaped form; the padding keeps text readable past its end.
        var needed = _scratchUsed + raw.Length + FlowRecord.ReadablePadding;
        if (_scratch.Length < needed)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(Math.Max(_scratch.Length * 2, InitialScratchBytes), needed));
            _scratch.AsSpan(0, _scratchUsed).CopyTo(bigger);
            if (_scratch.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_scratch);
            }

            _scratch = bigger;
        }

        var written = reader.CopyString(_scratch.AsSpan(_scratchUsed));
        var text = new TextRef(_scratchUsed, written, InScratch: true);
        _scratchUsed += written;
        return text;
    }

    private void AddEvent(EventSlot slot)
    {
        if (EventCount == _events.Length)
        {
            var bigger = ArrayPool<EventSlot>.Shared.Rent(Math.Max(_events.Length * 2, InitialEventSlots));
            _events.AsSpan(0, EventCount).CopyTo(bigger);
            if (_events.Length > 0)
            {
                ArrayPool<EventSlot>.Shared.Return(_events);
            }

            _events = bigger;
        }

        _events[EventCount++] = slot;
    }

    private static DeadLetterReason Shape(string message, out string? error)
    {
        error = $"not a CloudWatch Logs envelope: {message}";
        return DeadLetterReason.WrongShape;
    }
}
