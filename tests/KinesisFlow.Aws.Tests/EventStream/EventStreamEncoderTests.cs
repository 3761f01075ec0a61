using System.Buffers;
using System.Text;
using KinesisFlow.Aws.EventStream;
using KinesisFlow.TestKit.EventStream;

namespace KinesisFlow.Aws.Tests.EventStream;

public sealed class EventStreamEncoderTests
{
    [Fact]
    public void Encodes_string_headers_byte_for_byte_like_a_hand_made_frame()
    {
        var payload = Encoding.UTF8.GetBytes("""{"Records":[]}""");

        var encoded = EventStreamEncoder.Encode(
            [
                EventStreamHeader.String(":event-type", "SubscribeToShardEvent"),
                EventStreamHeader.String(":content-type", "application/json"),
                EventStreamHeader.String(":message-type", "event"),
            ],
            payload);

        Assert.Equal(EventStreamBytes.SubscribeToShardEvent("""{"Records":[]}"""), encoded);
    }

    [Fact]
    public void A_content_type_header_gives_the_published_frame_length_and_checksums()
    {
        // {"foo": "bar"} with content-type: application/json — 62 bytes, prelude CRC 0x405DF946, message CRC 0x6FA2BF3B.
        var encoded = EventStreamEncoder.Encode(
            [EventStreamHeader.String("content-type", "application/json")], Encoding.UTF8.GetBytes("""{"foo": "bar"}"""));

        Assert.Equal(62, encoded.Length);
        Assert.Equal([0x40, 0x5D, 0xF9, 0x46], encoded[8..12]);
        Assert.Equal([0x6F, 0xA2, 0xBF, 0x3B], encoded[^4..]);
    }

    [Fact]
    public void Random_messages_with_every_header_type_survive_a_round_trip()
    {
        var random = new Random(20140328);
        for (var i = 0; i < 500; i++)
        {
            var headers = Enumerable.Range(0, random.Next(0, 12))
                .Select(h => new EventStreamHeader($"h{h}-{random.Next()}", RandomValue(random)))
                .ToArray();
            var payload = new byte[random.Next(0, 3000)];
            random.NextBytes(payload);

            var decoded = EventStreamDecoder.Decode(EventStreamEncoder.Encode(headers, payload));

            Assert.Equal(headers, decoded.Headers);
            Assert.Equal(payload, decoded.Payload.ToArray());
        }
    }

    [Fact]
    public void Write_appends_to_a_buffer_writer_the_same_bytes_as_Encode()
    {
        var writer = new ArrayBufferWriter<byte>();
        EventStreamHeader[] headers = [EventStreamHeader.String(":message-type", "event")];

        EventStreamEncoder.Write(writer, headers, [1, 2, 3]);
        EventStreamEncoder.Write(writer, headers, [4]);

        Assert.Equal([.. EventStreamEncoder.Encode(headers, [1, 2, 3]), .. EventStreamEncoder.Encode(headers, [4])], writer.WrittenSpan.ToArray());
    }

    [Fact]
    public void Header_names_must_be_1_to_255_bytes()
    {
        var empty = Assert.Throws<ArgumentException>(() => EventStreamEncoder.Encode([EventStreamHeader.String("", "x")], []));
        var tooLong = Assert.Throws<ArgumentException>(() => EventStreamEncoder.Encode([EventStreamHeader.String(new string('n', 256), "x")], []));

        Assert.Contains("1 to 255", empty.Message, StringComparison.Ordinal);
        Assert.Contains("256", tooLong.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Header_values_over_65535_bytes_are_refused()
    {
        Assert.Throws<ArgumentException>(() => EventStreamHeaderValue.FromString(new string('é', 40_000)));
        Assert.Throws<ArgumentException>(() => EventStreamHeaderValue.FromBytes(new byte[65_536]));
    }

    [Fact]
    public void Reading_a_value_as_another_type_fails_with_both_types_named()
    {
        var error = Assert.Throws<InvalidOperationException>(() => EventStreamHeaderValue.FromInt32(5).AsString());

        Assert.Contains("Int32", error.Message, StringComparison.Ordinal);
        Assert.Contains("string", error.Message, StringComparison.Ordinal);
    }

    private static EventStreamHeaderValue RandomValue(Random random)
    {
        switch (random.Next(10))
        {
            case 0: return EventStreamHeaderValue.FromBoolean(true);
            case 1: return EventStreamHeaderValue.FromBoolean(false);
            case 2: return EventStreamHeaderValue.FromByte((sbyte)random.Next(sbyte.MinValue, sbyte.MaxValue + 1));
            case 3: return EventStreamHeaderValue.FromInt16((short)random.Next(short.MinValue, short.MaxValue + 1));
            case 4: return EventStreamHeaderValue.FromInt32(random.Next(int.MinValue, int.MaxValue));
            case 5: return EventStreamHeaderValue.FromInt64(random.NextInt64(long.MinValue, long.MaxValue));
            case 6:
                var bytes = new byte[random.Next(0, 300)];
                random.NextBytes(bytes);
                return EventStreamHeaderValue.FromBytes(bytes);
            case 7: return EventStreamHeaderValue.FromString(new string((char)random.Next(0x20, 0x7FF), random.Next(0, 200)));
            case 8: return EventStreamHeaderValue.FromTimestamp(DateTimeOffset.FromUnixTimeMilliseconds(random.NextInt64(0, 253402300799999)));
            default:
                var guid = new byte[16];
                random.NextBytes(guid);
                return EventStreamHeaderValue.FromUuid(new Guid(guid));
        }
    }
}
