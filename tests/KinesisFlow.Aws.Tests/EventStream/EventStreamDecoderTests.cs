using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using KinesisFlow.Aws.EventStream;

namespace KinesisFlow.Aws.Tests.EventStream;

public sealed class EventStreamDecoderTests
{
    private const string EventJson =
        """{"Records":[],"ContinuationSequenceNumber":"49590338271490256608559692538361571095921575989136588898","MillisBehindLatest":0}""";

    [Fact]
    public void A_frame_without_headers_has_the_published_lengths_and_checksums()
    {
        // {"foo": "bar"} with no headers: 30 bytes, prelude CRC 0xBAF2F68A, message CRC 0xAE7258E4 (a widely published example).
        var frame = EventStreamBytes.Frame([], Encoding.UTF8.GetBytes("""{"foo": "bar"}"""));

        Assert.Equal(30, frame.Length);
        Assert.Equal(0xBAF2F68Au, BinaryPrimitives.ReadUInt32BigEndian(frame.AsSpan(8)));
        Assert.Equal(0xAE7258E4u, BinaryPrimitives.ReadUInt32BigEndian(frame.AsSpan(26)));
        var message = EventStreamDecoder.Decode(frame);
        Assert.Empty(message.Headers);
        Assert.Equal("""{"foo": "bar"}""", Encoding.UTF8.GetString(message.Payload.Span));
    }

    [Fact]
    public void A_hand_made_SubscribeToShardEvent_decodes_with_its_headers_and_payload()
    {
        var message = EventStreamDecoder.Decode(EventStreamBytes.SubscribeToShardEvent(EventJson));

        Assert.Equal("event", message.MessageType);
        Assert.Equal("SubscribeToShardEvent", message.EventType);
        Assert.Equal("application/json", message.GetString(":content-type"));
        Assert.Null(message.ExceptionType);
        Assert.False(message.IsFailure);
        Assert.Null(message.FailureCode);
        Assert.Equal([":event-type", ":content-type", ":message-type"], message.Headers.Select(h => h.Name));
        Assert.Equal(EventJson, Encoding.UTF8.GetString(message.Payload.Span));
    }

    [Fact]
    public void An_exception_message_names_its_exception()
    {
        var frame = EventStreamBytes.Frame(
            [
                .. EventStreamBytes.StringHeader(":exception-type", "ResourceNotFoundException"),
                .. EventStreamBytes.StringHeader(":message-type", "exception"),
            ],
            Encoding.UTF8.GetBytes("""{"message":"Stream s not found"}"""));

        var message = EventStreamDecoder.Decode(frame);

        Assert.True(message.IsFailure);
        Assert.Equal("ResourceNotFoundException", message.FailureCode);
        Assert.Equal("ResourceNotFoundException", message.ExceptionType);
    }

    [Fact]
    public void An_error_message_takes_its_code_from_the_error_code_header()
    {
        var frame = EventStreamBytes.Frame(
            [
                .. EventStreamBytes.StringHeader(":message-type", "error"),
                .. EventStreamBytes.StringHeader(":error-code", "InternalFailure"),
                .. EventStreamBytes.StringHeader(":error-message", "try again"),
            ],
            []);

        var message = EventStreamDecoder.Decode(frame);

        Assert.True(message.IsFailure);
        Assert.Equal("InternalFailure", message.FailureCode);
        Assert.Equal("try again", message.GetString(":error-message"));
        Assert.True(message.Payload.IsEmpty);
    }

    [Fact]
    public void Every_header_type_decodes_from_hand_written_bytes()
    {
        var uuid = Guid.Parse("00112233-4455-6677-8899-aabbccddeeff");
        byte[] headers =
        [
            1, (byte)'t', 0,
            1, (byte)'f', 1,
            1, (byte)'b', 2, 0xFE,
            1, (byte)'s', 3, 0x80, 0x00,
            1, (byte)'i', 4, 0x00, 0x01, 0x00, 0x00,
            1, (byte)'l', 5, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
            1, (byte)'a', 6, 0x00, 0x03, 1, 2, 3,
            1, (byte)'u', 7, 0x00, 0x02, 0xC3, 0xA9,
            1, (byte)'d', 8, 0x00, 0x00, 0x01, 0x7F, 0x54, 0x8D, 0x6B, 0x00,
            1, (byte)'g', 9, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF,
        ];

        var message = EventStreamDecoder.Decode(EventStreamBytes.Frame(headers, []));

        Assert.True(Value(message, "t").AsBoolean());
        Assert.False(Value(message, "f").AsBoolean());
        Assert.Equal(-2, Value(message, "b").AsInt64());
        Assert.Equal(short.MinValue, Value(message, "s").AsInt64());
        Assert.Equal(65536, Value(message, "i").AsInt64());
        Assert.Equal(long.MaxValue, Value(message, "l").AsInt64());
        Assert.Equal([1, 2, 3], Value(message, "a").AsBytes().ToArray());
        Assert.Equal("é", Value(message, "u").AsString());
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(0x017F548D6B00), Value(message, "d").AsTimestamp());
        Assert.Equal(uuid, Value(message, "g").AsUuid());
        Assert.Equal(EventStreamHeaderType.Int16, Value(message, "s").Type);
    }

    [Fact]
    public void A_flipped_length_bit_is_caught_by_the_prelude_checksum()
    {
        var frame = EventStreamBytes.SubscribeToShardEvent(EventJson);
        frame[3] ^= 0x01;

        var error = Assert.Throws<EventStreamFormatException>(() => EventStreamDecoder.Decode(frame));

        Assert.Equal(EventStreamFormatError.PreludeChecksumMismatch, error.Error);
    }

    [Theory]
    [InlineData(20)] // inside the headers
    [InlineData(-10)] // inside the payload
    [InlineData(-1)] // the message CRC itself
    public void A_flipped_byte_after_the_prelude_is_caught_by_the_message_checksum(int offset)
    {
        var frame = EventStreamBytes.SubscribeToShardEvent(EventJson);
        frame[offset >= 0 ? offset : frame.Length + offset] ^= 0x40;

        var error = Assert.Throws<EventStreamFormatException>(() => EventStreamDecoder.Decode(frame));

        Assert.Equal(EventStreamFormatError.MessageChecksumMismatch, error.Error);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(12)]
    [InlineData(40)]
    public void A_truncated_frame_is_reported_as_truncated(int keep)
    {
        var frame = EventStreamBytes.SubscribeToShardEvent(EventJson);

        var error = Assert.Throws<EventStreamFormatException>(() => EventStreamDecoder.Decode(frame.AsSpan(0, keep)));

        Assert.Equal(EventStreamFormatError.Truncated, error.Error);
    }

    [Theory]
    [InlineData(0x7FFF_FFFFu, 0u)] // far over the 16 MiB limit
    [InlineData(0xFFFF_FFFFu, 0u)] // would be negative as an int
    [InlineData(15u, 0u)] // shorter than an empty message
    [InlineData(100u, 90u)] // headers longer than the message has room for
    [InlineData(300_000u, 200_000u)] // headers over the 128 KiB limit
    public void Lengths_out_of_range_are_rejected_from_the_prelude_alone(uint total, uint headers)
    {
        var buffer = new ReadOnlySequence<byte>(EventStreamBytes.Prelude(total, headers));

        var error = Assert.Throws<EventStreamFormatException>(
            () => EventStreamDecoder.TryRead(ref buffer, EventStreamLimits.Default, out _));

        Assert.Equal(EventStreamFormatError.LengthOutOfRange, error.Error);
    }

    [Fact]
    public void A_configured_limit_applies()
    {
        var frame = EventStreamBytes.SubscribeToShardEvent(EventJson);
        var buffer = new ReadOnlySequence<byte>(frame);

        var error = Assert.Throws<EventStreamFormatException>(
            () => EventStreamDecoder.TryRead(ref buffer, new EventStreamLimits { MaxMessageLength = frame.Length - 1 }, out _));

        Assert.Equal(EventStreamFormatError.LengthOutOfRange, error.Error);
    }

    [Theory]
    [InlineData(new byte[] { 0, 7, 0, 0 })] // empty name
    [InlineData(new byte[] { 1, (byte)'x', 10 })] // unknown type
    [InlineData(new byte[] { 1, (byte)'x', 4, 0, 0 })] // int32 cut short
    [InlineData(new byte[] { 1, (byte)'x', 7, 0, 9, (byte)'a' })] // string longer than the section
    [InlineData(new byte[] { 5, (byte)'x' })] // name longer than the section
    [InlineData(new byte[] { 1, (byte)'x', 7, 0, 2, 0xC3, 0x28 })] // invalid UTF-8
    [InlineData(new byte[] { 1, (byte)'x' })] // name without a type
    public void Malformed_headers_with_valid_checksums_are_rejected(byte[] headers)
    {
        var frame = EventStreamBytes.Frame(headers, [1, 2, 3]);

        var error = Assert.Throws<EventStreamFormatException>(() => EventStreamDecoder.Decode(frame));

        Assert.Equal(EventStreamFormatError.MalformedHeaders, error.Error);
    }

    [Fact]
    public void Extra_bytes_after_a_single_frame_are_rejected()
    {
        byte[] frame = [.. EventStreamBytes.SubscribeToShardEvent(EventJson), 0];

        var error = Assert.Throws<EventStreamFormatException>(() => EventStreamDecoder.Decode(frame));

        Assert.Equal(EventStreamFormatError.LengthOutOfRange, error.Error);
    }

    [Fact]
    public void TryRead_waits_for_the_whole_message_and_leaves_the_rest()
    {
        var first = EventStreamBytes.SubscribeToShardEvent(EventJson);
        var second = EventStreamBytes.SubscribeToShardEvent("{}");
        byte[] both = [.. first, .. second];

        var partial = new ReadOnlySequence<byte>(both, 0, first.Length - 1);
        Assert.False(EventStreamDecoder.TryRead(ref partial, EventStreamLimits.Default, out _));
        Assert.Equal(first.Length - 1, partial.Length);

        var buffer = new ReadOnlySequence<byte>(both);
        Assert.True(EventStreamDecoder.TryRead(ref buffer, EventStreamLimits.Default, out var message));
        Assert.Equal(EventJson, Encoding.UTF8.GetString(message.Payload.Span));
        Assert.Equal(second.Length, buffer.Length);
    }

    [Fact]
    public void A_message_split_over_many_segments_decodes()
    {
        var frame = EventStreamBytes.SubscribeToShardEvent(EventJson);
        var buffer = Segments.Split(frame, 7);
        Assert.False(buffer.IsSingleSegment);

        Assert.True(EventStreamDecoder.TryRead(ref buffer, EventStreamLimits.Default, out var message));

        Assert.Equal("SubscribeToShardEvent", message.EventType);
        Assert.Equal(0, buffer.Length);
    }

    private static EventStreamHeaderValue Value(EventStreamMessage message, string name)
    {
        Assert.True(message.TryGetHeader(name, out var value), $"header {name} missing");
        return value;
    }
}
