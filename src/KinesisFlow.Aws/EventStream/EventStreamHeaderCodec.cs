using System.Buffers.Binary;
using System.Text;

namespace KinesisFlow.Aws.EventStream;

/// <summary>
/// Reads and writes the headers section: per header, name length (1) | name (UTF-8) | type (1) | value, where the
/// value's size follows from its type (strings and byte arrays carry a 2-byte length first).
/// </summary>
internal static class EventStreamHeaderCodec
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static List<EventStreamHeader> Read(ReadOnlySpan<byte> section)
    {
        var headers = new List<EventStreamHeader>();
        var position = 0;
        while (position < section.Length)
        {
            int nameLength = section[position++];
            if (nameLength == 0)
            {
                throw Malformed($"a header at offset {position - 1} has an empty name");
            }

            var name = DecodeUtf8(Take(section, ref position, nameLength, "header name"), "header name");
            var type = (EventStreamHeaderType)Take(section, ref position, 1, name)[0];
            headers.Add(new EventStreamHeader(name, ReadValue(section, ref position, type, name)));
        }

        return headers;
    }

    public static int MeasureSection(IReadOnlyList<EventStreamHeader> headers)
    {
        var length = 0;
        for (var i = 0; i < headers.Count; i++)
        {
            var nameLength = Encoding.UTF8.GetByteCount(headers[i].Name);
            if (nameLength is 0 or > byte.MaxValue)
            {
                throw new ArgumentException($"A header name must be 1 to 255 bytes of UTF-8; \"{headers[i].Name}\" is {nameLength}.", nameof(headers));
            }

            length += 1 + nameLength + 1 + ValueLength(headers[i].Value);
        }

        return length;
    }

    /// <summary>Writes the section into <paramref name="destination"/>, which is exactly <see cref="MeasureSection"/> bytes long.</summary>
    public static void Write(Span<byte> destination, IReadOnlyList<EventStreamHeader> headers)
    {
        var position = 0;
        for (var i = 0; i < headers.Count; i++)
        {
            var (name, value) = headers[i];
            var nameLength = Encoding.UTF8.GetBytes(name, destination[(position + 1)..]);
            destination[position] = (byte)nameLength;
            position += 1 + nameLength;
            destination[position++] = (byte)value.Type;
            position += WriteValue(destination[position..], value);
        }
    }

    private static EventStreamHeaderValue ReadValue(ReadOnlySpan<byte> section, ref int position, EventStreamHeaderType type, string name) =>
        type switch
        {
            EventStreamHeaderType.BoolTrue => EventStreamHeaderValue.FromBoolean(true),
            EventStreamHeaderType.BoolFalse => EventStreamHeaderValue.FromBoolean(false),
            EventStreamHeaderType.Byte => EventStreamHeaderValue.FromByte((sbyte)Take(section, ref position, 1, name)[0]),
            EventStreamHeaderType.Int16 => EventStreamHeaderValue.FromInt16(BinaryPrimitives.ReadInt16BigEndian(Take(section, ref position, 2, name))),
            EventStreamHeaderType.Int32 => EventStreamHeaderValue.FromInt32(BinaryPrimitives.ReadInt32BigEndian(Take(section, ref position, 4, name))),
            EventStreamHeaderType.Int64 => EventStreamHeaderValue.FromInt64(BinaryPrimitives.ReadInt64BigEndian(Take(section, ref position, 8, name))),
            EventStreamHeaderType.ByteArray => EventStreamHeaderValue.FromBytes(TakeSized(section, ref position, name)),
            EventStreamHeaderType.String => EventStreamHeaderValue.FromString(DecodeUtf8(TakeSized(section, ref position, name), name)),
            EventStreamHeaderType.Timestamp => EventStreamHeaderValue.FromTimestamp(
                DateTimeOffset.FromUnixTimeMilliseconds(ReadTimestamp(Take(section, ref position, 8, name), name))),
            EventStreamHeaderType.Uuid => EventStreamHeaderValue.FromUuid(new Guid(Take(section, ref position, 16, name), bigEndian: true)),
            _ => throw Malformed($"header \"{name}\" has unknown value type {(byte)type}"),
        };

    private static int ValueLength(EventStreamHeaderValue value) => value.Type switch
    {
        EventStreamHeaderType.BoolTrue or EventStreamHeaderType.BoolFalse => 0,
        EventStreamHeaderType.Byte => 1,
        EventStreamHeaderType.Int16 => 2,
        EventStreamHeaderType.Int32 => 4,
        EventStreamHeaderType.Int64 or EventStreamHeaderType.Timestamp => 8,
        EventStreamHeaderType.ByteArray => 2 + value.AsBytes().Length,
        EventStreamHeaderType.String => 2 + Encoding.UTF8.GetByteCount(value.AsString()),
        EventStreamHeaderType.Uuid => 16,
        _ => throw new ArgumentOutOfRangeException(nameof(value), value.Type, "Unknown header value type."),
    };

    private static int WriteValue(Span<byte> destination, EventStreamHeaderValue value)
    {
        switch (value.Type)
        {
            case EventStreamHeaderType.BoolTrue or EventStreamHeaderType.BoolFalse:
                return 0;
            case EventStreamHeaderType.Byte:
                destination[0] = (byte)(sbyte)value.AsInt64();
                return 1;
            case EventStreamHeaderType.Int16:
                BinaryPrimitives.WriteInt16BigEndian(destination, (short)value.AsInt64());
                return 2;
            case EventStreamHeaderType.Int32:
                BinaryPrimitives.WriteInt32BigEndian(destination, (int)value.AsInt64());
                return 4;
            case EventStreamHeaderType.Int64:
                BinaryPrimitives.WriteInt64BigEndian(destination, value.AsInt64());
                return 8;
            case EventStreamHeaderType.Timestamp:
                BinaryPrimitives.WriteInt64BigEndian(destination, value.AsTimestamp().ToUnixTimeMilliseconds());
                return 8;
            case EventStreamHeaderType.ByteArray:
                var bytes = value.AsBytes().Span;
                BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)bytes.Length);
                bytes.CopyTo(destination[2..]);
                return 2 + bytes.Length;
            case EventStreamHeaderType.String:
                var written = Encoding.UTF8.GetBytes(value.AsString(), destination[2..]);
                BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)written);
                return 2 + written;
            case EventStreamHeaderType.Uuid:
                value.AsUuid().TryWriteBytes(destination, bigEndian: true, out _);
                return 16;
            default:
                throw new ArgumentOutOfRangeException(nameof(value), value.Type, "Unknown header value type.");
        }
    }

    private static ReadOnlySpan<byte> Take(ReadOnlySpan<byte> section, ref int position, int count, string what)
    {
        if (count > section.Length - position)
        {
            throw Malformed($"{what} runs past the end of the headers section ({count} bytes wanted at offset {position} of {section.Length})");
        }

        var slice = section.Slice(position, count);
        position += count;
        return slice;
    }

    private static ReadOnlySpan<byte> TakeSized(ReadOnlySpan<byte> section, ref int position, string name) =>
        Take(section, ref position, BinaryPrimitives.ReadUInt16BigEndian(Take(section, ref position, 2, name)), name);

    private static long ReadTimestamp(ReadOnlySpan<byte> bytes, string name)
    {
        var milliseconds = BinaryPrimitives.ReadInt64BigEndian(bytes);
        return milliseconds is >= -62135596800000 and <= 253402300799999
            ? milliseconds
            : throw Malformed($"header \"{name}\" holds timestamp {milliseconds} ms, outside the representable range");
    }

    private static string DecodeUtf8(ReadOnlySpan<byte> bytes, string what)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Malformed($"{what} is not valid UTF-8");
        }
    }

    private static EventStreamFormatException Malformed(string detail) =>
        new(EventStreamFormatError.MalformedHeaders, $"Malformed event stream headers: {detail}.");
}
