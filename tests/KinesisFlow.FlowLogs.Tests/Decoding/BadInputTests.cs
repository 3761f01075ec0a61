using System.Text;
using KinesisFlow.FlowLogs.Generation;
using KinesisFlow.FlowLogs.Tests.Support;

namespace KinesisFlow.FlowLogs.Tests.Decoding;

/// <summary>Every kind of bad input becomes a dead letter with its reason, never an exception.</summary>
public sealed class BadInputTests
{
    private const string V2Line = "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK";

    public static TheoryData<string, byte[], DeadLetterReason> BadRecords()
    {
        var good = Records.Data(V2Line, V2Line);
        var corruptCrc = (byte[])good.Clone();
        corruptCrc[^6] ^= 0xFF;
        var corruptDeflate = (byte[])good.Clone();
        for (var i = 12; i < 20; i++)
        {
            corruptDeflate[i] ^= 0x5A;
        }

        return new TheoryData<string, byte[], DeadLetterReason>
        {
            { "empty", [], DeadLetterReason.NotGzip },
            { "plain json", Records.Json([V2Line]), DeadLetterReason.NotGzip },
            { "KPL aggregate", [0xF3, 0x89, 0x9A, 0xC2, 0x0A, 0x03, 0x6B, 0x65, 0x79], DeadLetterReason.KplAggregated },
            { "KPL magic cut short", [0xF3, 0x89, 0x9A], DeadLetterReason.NotGzip },
            { "gzip signature only", [0x1f, 0x8b, 8, 0], DeadLetterReason.CorruptGzip },
            { "truncated by half", good[..(good.Length / 2)], DeadLetterReason.CorruptGzip },
            { "trailer cut", good[..^3], DeadLetterReason.CorruptGzip },
            { "bad checksum", corruptCrc, DeadLetterReason.CorruptGzip },
            { "bad deflate data", corruptDeflate, DeadLetterReason.CorruptGzip },
            { "not json", Gz("this is not json"), DeadLetterReason.InvalidJson },
            { "truncated json", Gz("{\"messageType\":\"DATA_MESSAGE\",\"logEvents\":[{\"message\":\"x\""), DeadLetterReason.InvalidJson },
            { "trailing garbage", Gz(Encoding.UTF8.GetString(Records.Json([V2Line])) + " x"), DeadLetterReason.InvalidJson },
            { "array root", Gz("[]"), DeadLetterReason.WrongShape },
            { "no messageType", Gz("{\"logGroup\":\"g\",\"logEvents\":[]}"), DeadLetterReason.WrongShape },
            { "unknown messageType", Gz("{\"messageType\":\"OTHER\",\"logEvents\":[]}"), DeadLetterReason.WrongShape },
            { "no logEvents", Gz("{\"messageType\":\"DATA_MESSAGE\",\"logGroup\":\"g\"}"), DeadLetterReason.WrongShape },
            { "logEvents not array", Gz("{\"messageType\":\"DATA_MESSAGE\",\"logEvents\":{}}"), DeadLetterReason.WrongShape },
            { "event not object", Gz("{\"messageType\":\"DATA_MESSAGE\",\"logEvents\":[\"2 1\"]}"), DeadLetterReason.WrongShape },
            { "event without message", Gz("{\"messageType\":\"DATA_MESSAGE\",\"logEvents\":[{\"id\":\"1\",\"timestamp\":1}]}"), DeadLetterReason.WrongShape },
            { "message not string", Gz("{\"messageType\":\"DATA_MESSAGE\",\"logEvents\":[{\"message\":2}]}"), DeadLetterReason.WrongShape },
            { "timestamp not integer", Gz("{\"messageType\":\"DATA_MESSAGE\",\"logEvents\":[{\"message\":\"x\",\"timestamp\":\"1\"}]}"), DeadLetterReason.WrongShape },
            { "logGroup not string", Gz("{\"messageType\":\"DATA_MESSAGE\",\"logGroup\":null,\"logEvents\":[]}"), DeadLetterReason.WrongShape },
        };
    }

    [Theory]
    [MemberData(nameof(BadRecords))]
    public void A_bad_record_is_dead_lettered_whole_with_its_original_bytes(string name, byte[] data, DeadLetterReason reason)
    {
        using var decoder = new FlowRecordDecoder(FlowLogFormat.DefaultV2);
        var collector = new DecodeCollector();
        var context = new KinesisRecordContext("shardId-000000000001", "123");
        var result = decoder.Decode(data, collector, collector, context);

        Assert.Equal(RecordOutcome.DeadLettered, result.Outcome);
        Assert.Empty(collector.Outputs);
        var letter = Assert.Single(collector.DeadLetters);
        Assert.True(reason == letter.Reason, $"{name}: {letter.Reason} ({letter.Message})");
        Assert.Equal(data, letter.Data);
        Assert.Equal(context, letter.Kinesis);
        Assert.Equal(-1, letter.EventIndex);
        Assert.DoesNotContain('\n', letter.Message);
        Assert.Equal(new DecodeCounts(1, 0, 0, 1, 0), decoder.Counts);
    }

    [Fact]
    public void A_record_that_breaks_half_way_delivers_none_of_its_events()
    {
        var json = Encoding.UTF8.GetString(Records.Json([V2Line, V2Line, V2Line]));
        var broken = json.Replace("\"id\":\"3\"", "\"id\":\"3\",\"timestamp\":\"late\"", StringComparison.Ordinal);
        var collector = Records.Decode(FlowLogFormat.DefaultV2, Gz(broken));
        Assert.Empty(collector.Outputs);
        Assert.Equal(DeadLetterReason.WrongShape, Assert.Single(collector.DeadLetters).Reason);
        Assert.Equal("/vpc/test", collector.DeadLetters[0].LogGroup);
    }

    [Fact]
    public void Over_the_cap_is_too_large_and_the_next_record_still_decodes()
    {
        var big = Records.Data(Enumerable.Repeat(V2Line, 200));
        using var decoder = new FlowRecordDecoder(FlowLogFormat.DefaultV2, new FlowDecoderOptions { MaxDecompressedBytes = 4096 });
        var collector = new DecodeCollector();
        Assert.Equal(RecordOutcome.DeadLettered, decoder.Decode(big, collector, collector).Outcome);
        Assert.Equal(DeadLetterReason.TooLarge, Assert.Single(collector.DeadLetters).Reason);
        Assert.Equal(RecordOutcome.Data, decoder.Decode(Records.Data(V2Line), collector, collector).Outcome);
        Assert.Single(collector.Outputs);
    }

    [Fact]
    public void Exactly_the_cap_is_accepted()
    {
        var json = Records.Json(Enumerable.Repeat(V2Line, 20));
        using var decoder = new FlowRecordDecoder(FlowLogFormat.DefaultV2, new FlowDecoderOptions { MaxDecompressedBytes = json.Length });
        var collector = new DecodeCollector();
        Assert.Equal(RecordOutcome.Data, decoder.Decode(CloudWatchLogsEnvelope.Gzip(json), collector, collector).Outcome);
        using var smaller = new FlowRecordDecoder(FlowLogFormat.DefaultV2, new FlowDecoderOptions { MaxDecompressedBytes = json.Length - 1 });
        Assert.Equal(RecordOutcome.DeadLettered, smaller.Decode(CloudWatchLogsEnvelope.Gzip(json), collector, collector).Outcome);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1023)]
    [InlineData(int.MaxValue)]
    public void An_unreasonable_cap_is_refused_at_construction(int cap) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new FlowRecordDecoder(FlowLogFormat.DefaultV2, new FlowDecoderOptions { MaxDecompressedBytes = cap }));

    [Theory]
    [InlineData("2 123456789010 eni-1 1.1.1.1 2.2.2.2 1 2 6 20 4249 1418530010 1418530070 ACCEPT", DeadLetterReason.WrongFieldCount, 0, "line has 13 fields, format expects 14")]
    [InlineData("2 123456789010 eni-1 1.1.1.1 2.2.2.2 1 2 6 20 4249 1418530010 1418530070 ACCEPT OK extra", DeadLetterReason.WrongFieldCount, 0, "line has 15 fields, format expects 14")]
    [InlineData("", DeadLetterReason.WrongFieldCount, 0, "line has 0 fields, format expects 14")]
    [InlineData("2 123456789010 eni-1 1.1.1.1 2.2.2.2 http 2 6 20 4249 1418530010 1418530070 ACCEPT OK", DeadLetterReason.BadNumber, 6, "field 6 (srcport) is not a valid 32-bit integer: 'http'")]
    [InlineData("2 123456789010 eni-1 1.1.1.1 2.2.2.2 1 2 6 -20 4249 1418530010 1418530070 ACCEPT OK", DeadLetterReason.BadNumber, 9, "field 9 (packets) is not a valid 64-bit integer: '-20'")]
    [InlineData("2 123456789010 eni-1 1.1.1.1 2.2.2.2 2147483648 2 6 20 4249 1418530010 1418530070 ACCEPT OK", DeadLetterReason.BadNumber, 6, "field 6 (srcport) is not a valid 32-bit integer: '2147483648'")]
    [InlineData("2 123456789010 eni-1 1.1.1.1 2.2.2.2 1 2 6 20 9223372036854775808 1418530010 1418530070 ACCEPT OK", DeadLetterReason.BadNumber, 10, "field 10 (bytes) is not a valid 64-bit integer: '9223372036854775808'")]
    [InlineData("2 123456789010 eni-1 1.1.1.1 2.2.2.2 1 2 6 20 1e3 1418530010 1418530070 ACCEPT OK", DeadLetterReason.BadNumber, 10, "field 10 (bytes) is not a valid 64-bit integer: '1e3'")]
    public void A_bad_line_is_dead_lettered_alone_with_where_it_was(string badLine, DeadLetterReason reason, int fieldPosition, string message)
    {
        var collector = Records.Decode(FlowLogFormat.DefaultV2, Records.Data(V2Line, badLine, V2Line));
        Assert.Equal([V2Line, V2Line], collector.Lines);
        var letter = Assert.Single(collector.DeadLetters);
        Assert.Equal(reason, letter.Reason);
        Assert.Equal(message, letter.Message);
        Assert.Equal(fieldPosition, letter.FieldPosition);
        Assert.Equal(1, letter.EventIndex);
        Assert.Equal("2", letter.EventId);
        Assert.Equal("/vpc/test", letter.LogGroup);
        Assert.Equal(badLine, Encoding.UTF8.GetString(letter.Data));
    }

    [Fact]
    public void Numbers_at_their_limits_are_accepted()
    {
        var collector = Records.Decode(
            FlowLogFormat.Parse("srcport bytes"),
            Records.Data("2147483647 9223372036854775807"));
        Assert.Empty(collector.DeadLetters);
        Assert.StartsWith("{\"srcport\":2147483647,\"bytes\":9223372036854775807,", collector.Outputs[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Counts_add_up_over_mixed_input()
    {
        using var decoder = new FlowRecordDecoder(FlowLogFormat.DefaultV2);
        var collector = new DecodeCollector();
        decoder.Decode(Records.Data(V2Line, "bad", V2Line), collector, collector);
        decoder.Decode(CloudWatchLogsEnvelope.Gzip(CloudWatchLogsEnvelope.ControlMessageJson(1)), collector, collector);
        decoder.Decode([1, 2, 3], collector, collector);
        decoder.Reject("!!"u8, DeadLetterReason.NotBase64, "record Data is not valid base64", collector);
        Assert.Equal(new DecodeCounts(4, 1, 2, 2, 1), decoder.Counts);
        Assert.Equal(3, decoder.Counts.Errors);
        Assert.Equal([0L, 2L, 3L], collector.DeadLetters.Select(d => d.RecordIndex));
    }

    private static byte[] Gz(string json) => CloudWatchLogsEnvelope.Gzip(Encoding.UTF8.GetBytes(json));
}
