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
    public void Invalid_utf8_in_a_message_is_left_to_the_general_reader()
    {
        var json = Encoding.UTF8.GetBytes($$"""{"messageType":"DATA_MESSAGE","logEvents":[{"message":"{{Line}} X"}]}""");
        json[Array.LastIndexOf(json, (byte)'X')] = 0xFF;
        var fast = Records.Decode(FlowLogFormat.DefaultV2, CloudWatchLogsEnvelope.Gzip(json));
        Assert.Empty(fast.Outputs);
        Assert.Single(fast.DeadLetters);
    }

    private static DecodeCollector Decode(string envelope) => Records.Decode(FlowLogFormat.DefaultV2, Records.FromJsonText(envelope));

    private static List<string> Letters(DecodeCollector collector) =>
        collector.DeadLetters.Select(d => $"{d.Reason} {d.Message} {d.LogGroup} {d.EventId} {d.EventIndex} {d.FieldPosition}").ToList();
}
