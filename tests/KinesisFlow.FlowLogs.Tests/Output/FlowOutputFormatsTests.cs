using System.Buffers;
using System.Text;
using System.Text.Json;
using KinesisFlow.FlowLogs.Output;
using KinesisFlow.FlowLogs.Tests.Support;

namespace KinesisFlow.FlowLogs.Tests.Output;

public sealed class FlowOutputFormatsTests
{
    [Fact]
    public void Json_and_raw_are_known_by_name_case_insensitively()
    {
        Assert.Contains("json", FlowOutputFormats.Names);
        Assert.Contains("raw", FlowOutputFormats.Names);
        Assert.IsType<JsonFlowRecordWriter>(FlowOutputFormats.Create("JSON"));
        Assert.IsType<RawFlowRecordWriter>(FlowOutputFormats.Create("raw"));
        Assert.False(FlowOutputFormats.TryCreate("xml", out _));
        Assert.Contains("json", Assert.Throws<ArgumentException>(() => FlowOutputFormats.Create("xml")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ndjson_handler_writes_one_event_per_line()
    {
        var output = new ArrayBufferWriter<byte>();
        using var decoder = new FlowRecordDecoder(FlowLogFormat.Parse("srcaddr action"));
        decoder.Decode(Records.Data("10.0.0.1 ACCEPT", "10.0.0.2 REJECT"), new NdjsonFlowRecordHandler(new RawFlowRecordWriter(), output));
        Assert.Equal("10.0.0.1 ACCEPT\n10.0.0.2 REJECT\n", Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Fact]
    public void Dead_letter_lines_carry_reason_place_and_original_bytes()
    {
        var output = new ArrayBufferWriter<byte>();
        var handler = new DeadLetterLineWriter(output);
        using var decoder = new FlowRecordDecoder(FlowLogFormat.Parse("srcport"));
        decoder.Decode(Records.Data("22", "ssh"), new DecodeCollector(), handler, new KinesisRecordContext("shardId-1", "9"));
        using var json = JsonDocument.Parse(output.WrittenMemory);
        var root = json.RootElement;
        Assert.Equal("bad_number", root.GetProperty("reason").GetString());
        Assert.Equal("field 1 (srcport) is not a valid 32-bit integer: 'ssh'", root.GetProperty("message").GetString());
        Assert.Equal("test-input", root.GetProperty("source").GetString());
        Assert.Equal("shardId-1", root.GetProperty("shard_id").GetString());
        Assert.Equal("9", root.GetProperty("sequence_number").GetString());
        Assert.Equal("/vpc/test", root.GetProperty("log_group").GetString());
        Assert.Equal(1, root.GetProperty("event_index").GetInt32());
        Assert.Equal("2", root.GetProperty("event_id").GetString());
        Assert.Equal(1, root.GetProperty("field_position").GetInt32());
        Assert.Equal("ssh"u8.ToArray(), root.GetProperty("data_base64").GetBytesFromBase64());
    }

    private sealed class DeadLetterLineWriter(IBufferWriter<byte> output) : IDeadLetterHandler
    {
        public void Handle(in DeadLetter letter) => DeadLetterJsonWriter.Write(letter, output, "test-input");
    }
}
