using System.Buffers;
using System.Text;
using System.Text.Json;
using CsCheck;
using KinesisFlow.FlowLogs.Output;
using KinesisFlow.FlowLogs.Tests.Support;

namespace KinesisFlow.FlowLogs.Tests.Output;

public sealed class Utf8JsonBufferWriterTests
{
    [Fact]
    public void Writes_nested_documents_with_commas_in_the_right_places()
    {
        var json = Write((ref Utf8JsonBufferWriter w) =>
        {
            w.StartObject();
            w.Property("a"u8, 1);
            w.PropertyName("b"u8);
            w.StartArray();
            w.Number(-2);
            w.Boolean(true);
            w.Null();
            w.StartObject();
            w.EndObject();
            w.EndArray();
            w.Property("c"u8, "x");
            w.PropertyName("d"u8);
            w.RawValue("{\"e\":[]}"u8);
            w.PropertyName("f"u8);
            w.Base64String([1, 2, 3]);
            w.EndObject();
        });
        Assert.Equal("{\"a\":1,\"b\":[-2,true,null,{}],\"c\":\"x\",\"d\":{\"e\":[]},\"f\":\"AQID\"}", json);
    }

    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("quote \" backslash \\", "\"quote \\\" backslash \\\\\"")]
    [InlineData("tab\tnewline\ncr\r", "\"tab\\tnewline\\ncr\\r\"")]
    [InlineData("\u0001\u001f\b\f", "\"\\u0001\\u001f\\b\\f\"")]
    [InlineData("café ☕ 😀", "\"café ☕ 😀\"")]
    public void Escapes_strings_per_rfc_8259_from_bytes_and_from_chars(string value, string expected)
    {
        Assert.Equal(expected, Write((ref Utf8JsonBufferWriter w) => w.String(Encoding.UTF8.GetBytes(value))));
        Assert.Equal(expected, Write((ref Utf8JsonBufferWriter w) => w.String(value.AsSpan())));
    }

    [Fact]
    public void Invalid_utf8_and_lone_surrogates_become_replacement_characters()
    {
        Assert.Equal("\"a\uFFFDb\uFFFD\"", Write((ref Utf8JsonBufferWriter w) => w.String([(byte)'a', 0xFF, (byte)'b', 0xE2, 0x82])));
        Assert.Equal("\"x\uFFFDy\"", Write((ref Utf8JsonBufferWriter w) => w.String("x\uD800y".AsSpan())));
    }

    [Fact]
    public void Any_bytes_give_valid_json_that_reads_back_as_the_lossy_decoding() =>
        FixedSample.ForEach(
            Gen.Byte.Array[0, 300],
            2000,
            bytes =>
            {
                var json = Write((ref Utf8JsonBufferWriter w) => w.String(bytes));
                Assert.Equal(Encoding.UTF8.GetString(bytes), JsonDocument.Parse(json).RootElement.GetString());
            });

    [Fact]
    public void Grows_across_buffer_segments_without_losing_bytes()
    {
        // A writer that hands out tiny spans forces a refill on nearly every write.
        var output = new TinySegmentWriter();
        var writer = new Utf8JsonBufferWriter(output, 1);
        writer.StartArray();
        for (var i = 0; i < 500; i++)
        {
            writer.String("value \"with\" escapes\n"u8);
            writer.Number(long.MaxValue);
        }

        writer.EndArray();
        writer.Flush();
        using var document = JsonDocument.Parse(output.Written);
        Assert.Equal(1000, document.RootElement.GetArrayLength());
    }

    private delegate void WriteAction(ref Utf8JsonBufferWriter writer);

    private static string Write(WriteAction write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new Utf8JsonBufferWriter(buffer);
        write(ref writer);
        writer.Flush();
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private sealed class TinySegmentWriter : IBufferWriter<byte>
    {
        private readonly ArrayBufferWriter<byte> _inner = new();
        private byte[] _segment = [];

        public byte[] Written => _inner.WrittenSpan.ToArray();

        public void Advance(int count) => _inner.Write(_segment.AsSpan(0, count));

        public Memory<byte> GetMemory(int sizeHint = 0) => _segment = new byte[Math.Max(sizeHint, 1)];

        public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;
    }
}
