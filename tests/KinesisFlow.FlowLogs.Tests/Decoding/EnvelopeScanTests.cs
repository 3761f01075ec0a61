using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using KinesisFlow.FlowLogs.Generation;
using KinesisFlow.FlowLogs.Tests.Support;

namespace KinesisFlow.FlowLogs.Tests.Decoding;

/// <summary>
/// The envelope has a fast path for plain JSON and falls back to the general reader on anything else, an escape
/// included. Each envelope below is decoded twice: as written (fast path where it applies) and with one escape in a
/// field nobody reads (general reader throughout). Both must give the same records, the same json output (timestamps
/// copied from the envelope on one side, formatted on the other) and the same dead letters.
/// </summary>
public sealed class EnvelopeScanTests
{
    private const string Line = "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK";

    public static TheoryData<string> Envelopes => new()
    {
        $$"""{"subscriptionFilters":["F"],"messageType":"DATA_MESSAGE","owner":"1","logGroup":"g","logStream":"s","logEvents":[{"id":"7","timestamp":1418530070000,"message":"{{Line}}"}]}""",
        $$""" { "subscriptionFilters" : [ "F" ] ,"messageType" : "DATA_MESSAGE" , "logGroup":"g",{{"\n\t\r"}}"logEvents" : [ { "id" : 7 , "timestamp" : -12 , "message" : "{{Line}}  " } , {"message":"{{Line}}","id":"8"} ] } """,
        $$"""{"subscriptionFilters":["F",42,"x"],"messageType":"DATA_MESSAGE","logEvents":[{"id":"9","timestamp":1.5,"message":"{{Line}}"}]}""",
        $$"""{"subscriptionFilters":["F"],"messageType":"DATA_MESSAGE","logEvents":[{"id":"9","timestamp":1e3,"message":"{{Line}}"}]}""",
        $$"""{"subscriptionFilters":["F"],"messageType":"DATA_MESSAGE","logEvents":[{"id":"9","timestamp":12345678901234567890,"message":"{{Line}}"}]}""",
        $$"""{"subscriptionFilters":["F"],"messageType":"DATA_MESSAGE","logEvents":[{"id":"9","timestamp":0123,"message":"{{Line}}"}]}""",
        $$"""{"subscriptionFilters":["F"],"messageType":"DATA_MESSAGE","logEvents":[{"id":"é","timestamp":123456789012345678,"message":"2 é ün 😀 x"}]}""",
        $$$"""{"subscriptionFilters":["F"],"messageType":"DATA_MESSAGE","logEvents":[{"id":"1","message":"{{{Line}}}","extra":{"a":[true,null,{"b":1.5}]}},{"id":"2","message":"{{{Line}}}","flag":true}]}""",
        $$"""{"subscriptionFilters":["F"],"messageType":"DATA_MESSAGE","logEvents":[{"id":"1","timestamp":5},{"id":"2","message":"{{Line}}"}]}""",
        $$"""{"subscriptionFilters":["F"],"messageType":"CONTROL_MESSAGE","logEvents":[{"id":"","timestamp":5,"message":"CWL CONTROL MESSAGE"}]}""",
        $$"""{"subscriptionFilters":["F"],"messageType":"OTHER","logEvents":[]}""",
        $$"""{"subscriptionFilters":["F"],"messageType":"DATA_MESSAGE","logEvents":[]}""",
        $$"""{"subscriptionFilters":["F"],"messageType":"DATA_MESSAGE"}""",
        $$"""{"subscriptionFilters":["F"],"logEvents":[{"message":"{{Line}}"}]}""",
        $$"""{"subscriptionFilters":["F"],"messageType":"DATA_MESSAGE","logEvents":[{"message":"{{Line}}"}]} x""",
        $$"""{"subscriptionFilters":["F"],"messageType":"DATA_MESSAGE","logEvents":[{"message":"{{Line}}"},]}""",
        $$"""{"subscriptionFilters":["F"],"messageType":"DATA_MESSAGE","logEvents":[{"message":"a{{"\t"}}b"}]}""",
        $$"""{"subscriptionFilters":["F"],"messageType":"DATA_MESSAGE","logGroup":"a","logGroup":"b","logEvents":[{"message":"x","message":"{{Line}}"}]}""",
        $$"""{"subscriptionFilters":["F"],"messageType":"DATA_MESSAGE","logGroup":7,"logEvents":[{"message":"{{Line}}"}]}""",
        $$"""{"subscriptionFilters":["F"],"messageType":"DATA_MESSAGE","logEvents":[{"id":"1","timestamp":"5","message":"{{Line}}"}]}""",
        $$$"""{"subscriptionFilters":["F"],"messageType":"DATA_MESSAGE","logEvents":{"message":"{{{Line}}}"}}""",
        $$"""{"subscriptionFilters":["F"],"messageType":"DATA_MESSAGE","logEvents":[{"message":"{{Line}}"}]""",

        // CloudWatch Logs' own entry shape and near misses of it (each must read as the member-by-member scan reads it).
        $$"""{"subscriptionFilters":["F"],"messageType":"DATA_MESSAGE","logEvents":[{"id":"1","timestamp":0,"message":"{{Line}}"},{"id":"2","timestamp":-0,"message":"{{Line}}"},{"id":"3","timestamp":-5,"message":"{{Line}}"}]}""",
        $$"""{"subscriptionFilters":["F"],"messageType":"DATA_MESSAGE","logEvents":[{"id":"1","timestamp":123456789012345678,"message":"{{Line}}"},{"id":"2","timestamp":1234567890123456789,"message":"{{Line}}"}]}""",
        $$"""{"subscriptionFilters":["F"],"messageType":"DATA_MESSAGE","logEvents":[{"id":"é","timestamp":5,"message":"{{Line}}"},{"id":"2","timestamp":5,"message":"{{Line}} é"},{"id":"3","timestamp":5,"message":"{{Line}}","x":1}]}""",
        $$"""{"subscriptionFilters":["F"],"messageType":"DATA_MESSAGE","logEvents":[{"id":"1","timestamp":5 ,"message":"{{Line}}"},{"id":"2","timestamp":5,"message":"{{Line}}" },{"id":"3","timestamp":5,"message":""}]}""",
    };

    [Theory]
    [MemberData(nameof(Envelopes))]
    public void The_fast_path_reads_exactly_what_the_general_reader_reads(string envelope)
    {
        var fast = Decode(envelope.Replace("\"F\"", "\"kkkkkk\"", StringComparison.Ordinal));
        var general = Decode(envelope.Replace("\"F\"", "\"\\u006b\"", StringComparison.Ordinal));

        Assert.Equal(general.Lines, fast.Lines);
        Assert.Equal(general.Outputs, fast.Outputs);
        Assert.Equal(general.EventIds, fast.EventIds);
        Assert.Equal(Letters(general), Letters(fast));
    }

    [Fact]
    public void Timestamps_of_every_length_read_as_the_general_reader_reads_them()
    {
        // The fast path takes a timestamp's first eight digits at once: fixed-seed timestamps of 1 to 20 digits, now
        // and then with a leading zero, or a fraction or exponent after some digits, each in its own envelope.
        var random = new Random(20261206);
        for (var n = 0; n < 400; n++)
        {
            var digits = new StringBuilder();
            var count = random.Next(1, 21);
            for (var i = 0; i < count; i++)
            {
                digits.Append((char)('0' + random.Next(i == 0 && random.Next(10) != 0 ? 1 : 0, 10)));
            }

            var plain = digits.ToString();
            var timestamp = random.Next(8) switch
            {
                0 => plain.Insert(random.Next(1, count + 1), ".5"),
                1 => plain.Insert(random.Next(1, count + 1), "e2"),
                _ => plain,
            };
            var envelope = $$"""{"subscriptionFilters":["F"],"messageType":"DATA_MESSAGE","logEvents":[{"id":"1","timestamp":{{timestamp}},"message":"{{Line}}"}]}""";

            var fastEnvelope = envelope.Replace("\"F\"", "\"kkkkkk\"", StringComparison.Ordinal);
            var generalEnvelope = envelope.Replace("\"F\"", "\"\\u006b\"", StringComparison.Ordinal);
            var fast = Decode(fastEnvelope);
            var general = Decode(generalEnvelope);
            var fastTimestamps = TimestampsOf(fastEnvelope);

            Assert.Equal(general.Outputs, fast.Outputs);
            Assert.Equal(Letters(general), Letters(fast));
            Assert.Equal(TimestampsOf(generalEnvelope), fastTimestamps);
            if (count <= 18 && timestamp == plain && (count == 1 || plain[0] != '0'))
            {
                Assert.Contains($"\"timestamp\":{plain}}}", Assert.Single(fast.Outputs), StringComparison.Ordinal);
                Assert.Equal(long.Parse(plain, CultureInfo.InvariantCulture), Assert.Single(fastTimestamps));
            }
        }
    }

    [Fact]
    public void Eight_digits_at_once_match_the_digit_loop()
    {
        // Digits, and bytes at and next to the digits' edges ('/', ':', with the high bit set), fixed seed.
        byte[] near = [(byte)'/', (byte)':', (byte)'0', (byte)'9', 0x30 | 0x80, 0x39 | 0x80, 0x20, 0x3F, 0x40, 0xFF, 0x00];
        var random = new Random(8);
        var bytes = new byte[8];
        for (var n = 0; n < 100_000; n++)
        {
            for (var i = 0; i < bytes.Length; i++)
            {
                bytes[i] = random.Next(4) switch
                {
                    0 => near[random.Next(near.Length)],
                    1 => (byte)random.Next(256),
                    _ => (byte)('0' + random.Next(10)),
                };
            }

            var expected = Array.TrueForAll(bytes, b => b is >= (byte)'0' and <= (byte)'9');
            var found = EnvelopeScanner.EightDigits(BinaryPrimitives.ReadUInt64LittleEndian(bytes), out var value);

            Assert.Equal(expected, found);
            Assert.Equal(expected ? long.Parse(Encoding.ASCII.GetString(bytes), CultureInfo.InvariantCulture) : 0, value);
        }
    }

    [Fact]
    public void Invalid_utf8_in_a_message_is_left_to_the_general_reader()
    {
        var json = Encoding.UTF8.GetBytes($$"""{"messageType":"DATA_MESSAGE","logEvents":[{"message":"{{Line}} X"}]}""");
        json[Array.LastIndexOf(json, (byte)'X')] = 0xFF;
        var fast = Records.Decode(FlowLogFormat.DefaultV2, CloudWatchLogsEnvelope.Gzip(json));
        Assert.Empty(fast.Outputs);
        Assert.Single(fast.DeadLetters);
    }

    // The events' timestamps as values (the json output copies the envelope's digits; other outputs format the value).
    private static List<long> TimestampsOf(string envelope)
    {
        using var decoder = new FlowRecordDecoder(FlowLogFormat.DefaultV2);
        var timestamps = new TimestampCollector();
        decoder.Decode(Records.FromJsonText(envelope), timestamps);
        return timestamps.Values;
    }

    private static DecodeCollector Decode(string envelope) => Records.Decode(FlowLogFormat.DefaultV2, Records.FromJsonText(envelope));

    private static List<string> Letters(DecodeCollector collector) =>
        collector.DeadLetters.Select(d => $"{d.Reason} {d.Message} {d.LogGroup} {d.EventId} {d.EventIndex} {d.FieldPosition}").ToList();

    private sealed class TimestampCollector : IFlowRecordHandler
    {
        public List<long> Values { get; } = [];

        public void Handle(in FlowRecord record) => Values.Add(record.Context.Timestamp);
    }
}
