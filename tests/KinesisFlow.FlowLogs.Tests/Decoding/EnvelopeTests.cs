using System.Text;
using System.Text.Json;
using KinesisFlow.FlowLogs.Generation;
using KinesisFlow.FlowLogs.Tests.Support;

namespace KinesisFlow.FlowLogs.Tests.Decoding;

public sealed class EnvelopeTests
{
    private const string V2Line = "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK";

    [Fact]
    public void A_control_message_yields_no_events_and_is_not_an_error()
    {
        var records = FirehoseRecords();
        using var decoder = new FlowRecordDecoder(FlowLogFormat.DefaultV2);
        var collector = new DecodeCollector();
        var result = decoder.Decode(records[0], collector, collector);
        Assert.Equal(RecordOutcome.Control, result.Outcome);
        Assert.Empty(collector.Outputs);
        Assert.Empty(collector.DeadLetters);
        Assert.Equal(new DecodeCounts(1, 1, 0, 0, 0), decoder.Counts);
    }

    [Fact]
    public void Real_data_messages_are_walked_event_by_event_in_order()
    {
        // The fixture's messages are not flow lines: each event becomes a line error carrying its event id.
        var records = FirehoseRecords();
        using var decoder = new FlowRecordDecoder(FlowLogFormat.DefaultV2);
        var collector = new DecodeCollector();
        var result = decoder.Decode(records[1], collector, collector, new KinesisRecordContext("shardId-1", "42"));
        Assert.Equal(RecordOutcome.Data, result.Outcome);
        Assert.NotEmpty(collector.DeadLetters);
        Assert.All(collector.DeadLetters, d => Assert.Equal(DeadLetterReason.WrongFieldCount, d.Reason));
        Assert.All(collector.DeadLetters, d => Assert.Equal("copy-cwl-lambda-invoke-input-1510254365531-LogGroup-17Q1WBYO69X0L", d.LogGroup));
        Assert.All(collector.DeadLetters, d => Assert.Equal(new KinesisRecordContext("shardId-1", "42"), d.Kinesis));
        Assert.Equal("33679800144697422554415395414062324420037086717597843456", collector.DeadLetters[0].EventId);
        Assert.Equal(Enumerable.Range(0, collector.DeadLetters.Count), collector.DeadLetters.Select(d => d.EventIndex));
    }

    [Fact]
    public void Each_line_of_a_record_carries_its_own_event_among_bad_lines_and_the_record_context()
    {
        // The decoder keeps one FlowRecord per Kinesis record and changes only the line and the event's members per
        // line: every handled line and dead letter must still see its own event, and the per-record members.
        var bad = V2Line.Replace(" 22 ", " x22 ", StringComparison.Ordinal);
        var second = V2Line.Replace("20641", "20642", StringComparison.Ordinal);
        var collector = Records.Decode(
            FlowLogFormat.DefaultV2,
            Records.Data(V2Line, bad, second, bad, V2Line),
            new KinesisRecordContext("shardId-000000000007", "4959"));

        Assert.Equal([V2Line, second, V2Line], collector.Lines);
        Assert.Equal(["1", "3", "5"], collector.EventIds);
        Assert.Equal([("2", 1), ("4", 3)], collector.DeadLetters.Select(d => (d.EventId, d.EventIndex)));
        Assert.All(collector.DeadLetters, d => Assert.Equal(Records.LogGroup, d.LogGroup));
        var events = collector.Outputs.Select(o => JsonDocument.Parse(o).RootElement.GetProperty("cloudwatch")).ToList();
        Assert.Equal(["1", "3", "5"], events.Select(e => e.GetProperty("event_id").GetString()));
        Assert.Equal([1000L, 1002L, 1004L], events.Select(e => e.GetProperty("timestamp").GetInt64()));
        Assert.All(events, e => Assert.Equal(Records.LogStream, e.GetProperty("log_stream").GetString()));
    }

    [Fact]
    public void A_byte_order_mark_before_the_envelope_is_tolerated()
    {
        var json = Records.Json([V2Line]);
        var collector = Records.Decode(FlowLogFormat.DefaultV2, CloudWatchLogsEnvelope.Gzip([0xEF, 0xBB, 0xBF, .. json]));
        Assert.Empty(collector.DeadLetters);
        Assert.Equal([V2Line], collector.Lines);
    }

    [Fact]
    public void The_lambda_sample_payload_with_its_byte_order_mark_decodes()
    {
        using var document = JsonDocument.Parse(Encoding.UTF8.GetString(TestFiles.Bytes("logs-event.json")).TrimStart('\uFEFF'));
        var data = Convert.FromBase64String(document.RootElement.GetProperty("awslogs").GetProperty("data").GetString()!);
        var collector = Records.Decode(FlowLogFormat.Parse("srcaddr dstaddr action log-status"), data);
        Assert.Equal(["[ERROR] First test message", "[ERROR] Second test message"], collector.Lines);
        Assert.Equal(["eventId1", "eventId2"], collector.EventIds);
    }

    [Fact]
    public void Unknown_fields_anywhere_are_ignored_and_field_order_does_not_matter()
    {
        var data = Records.FromJsonText($$"""
            {"logEvents":[{"extra":{"a":[1,2,{"b":null}]},"message":"{{V2Line}}","timestamp":1418530070000,"id":"7"}],
             "policyLevel":"ACCOUNT","logGroup":"/vpc/late","subscriptionFilters":["f"],"logStream":"s","owner":"123456789010",
             "messageType":"DATA_MESSAGE","newField":true}
            """);
        var collector = Records.Decode(FlowLogFormat.DefaultV2, data);
        Assert.Empty(collector.DeadLetters);
        using var json = JsonDocument.Parse(Assert.Single(collector.Outputs));
        var cloudwatch = json.RootElement.GetProperty("cloudwatch");
        Assert.Equal("/vpc/late", cloudwatch.GetProperty("log_group").GetString());
        Assert.Equal("7", cloudwatch.GetProperty("event_id").GetString());
        Assert.Equal(1418530070000, cloudwatch.GetProperty("timestamp").GetInt64());
    }

    [Fact]
    public void Escaped_envelope_text_is_unescaped_once_and_written_back_escaped()
    {
        var data = Records.FromJsonText("""
            {"messageType":"DATA_MESSAGE","owner":"123456789010","logGroup":"/vpc/caf\u00e9 \"quoted\"","logStream":"s",
             "logEvents":[{"id":"1","timestamp":1,"message":"2\u0020123456789010 eni-1 - - - - - - - 1 2 - NODATA\n"}]}
            """);
        var collector = Records.Decode(FlowLogFormat.DefaultV2, data);
        Assert.Empty(collector.DeadLetters);
        Assert.Equal(["2 123456789010 eni-1 - - - - - - - 1 2 - NODATA"], collector.Lines);
        using var json = JsonDocument.Parse(collector.Outputs[0]);
        Assert.Equal("/vpc/café \"quoted\"", json.RootElement.GetProperty("cloudwatch").GetProperty("log_group").GetString());
    }

    [Fact]
    public void Multi_event_records_come_out_in_stream_order_with_the_format_of_their_log_group()
    {
        var formats = FormatMap.FromStrings([new("/vpc/custom-*", "${srcaddr} ${dstaddr} ${action}")]);
        using var decoder = new FlowRecordDecoder(formats);
        var collector = new DecodeCollector();
        var custom = Enumerable.Range(1, 300).Select(i => $"10.0.0.{i % 250} 10.0.1.1 {(i % 2 == 0 ? "ACCEPT" : "REJECT")}").ToArray();
        decoder.Decode(Records.Data(custom, "/vpc/custom-eu"), collector, collector);
        decoder.Decode(Records.Data(V2Line), collector, collector);
        Assert.Empty(collector.DeadLetters);
        Assert.Equal([.. custom, V2Line], collector.Lines);
        Assert.Equal(Enumerable.Range(1, 300).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append("1"), collector.EventIds);
        Assert.Equal(new DecodeCounts(2, 0, 301, 0, 0), decoder.Counts);
    }

    [Fact]
    public void A_volume_of_real_envelopes_decodes_every_event()
    {
        using var fixtures = TestFiles.Json("sumologic-cwlfixtures.json");
        using var decoder = new FlowRecordDecoder(FlowLogFormat.Parse("version"));
        var collector = new DecodeCollector();
        var expectedEvents = 0;
        foreach (var fixture in fixtures.RootElement.EnumerateArray())
        {
            var data = Convert.FromBase64String(fixture.GetProperty("awslogs").GetProperty("data").GetString()!);
            using var envelope = JsonDocument.Parse(TestGzip.Gunzip(data));
            expectedEvents += envelope.RootElement.GetProperty("logEvents").GetArrayLength();
            var result = decoder.Decode(data, collector, collector);
            Assert.Equal(RecordOutcome.Data, result.Outcome);
        }

        Assert.Equal(50, decoder.Counts.Records);
        Assert.True(expectedEvents > 4000);
        Assert.Equal(expectedEvents, decoder.Counts.Events + decoder.Counts.LineErrors);
        Assert.Equal(0, decoder.Counts.RecordErrors);
    }

    private static List<byte[]> FirehoseRecords()
    {
        using var document = TestFiles.Json("kinesis-firehose-cloudwatch-logs-processor.json");
        return [.. document.RootElement.GetProperty("records").EnumerateArray().Select(r => Convert.FromBase64String(r.GetProperty("data").GetString()!))];
    }
}
