using System.Buffers;
using System.Text.Json;
using KinesisFlow.FlowLogs.Generation;
using KinesisFlow.FlowLogs.Output;
using KinesisFlow.FlowLogs.Tests.Output;
using KinesisFlow.FlowLogs.Tests.Support;

namespace KinesisFlow.FlowLogs.Tests.Decoding;

/// <summary>
/// Custom formats that survive the fields AWS keeps adding: a field this version does not know decodes as a string
/// under its own name in every output, known fields keep their types, and a log group whose format cannot be parsed
/// has its records dead-lettered while the others decode.
/// </summary>
public sealed class NewAwsFieldsTests
{
    // The default v2 fields, then two fields this version does not know, one of them with a name longer than any AWS
    // field so far (its JSON key does not fit the json writer's fixed-size copy).
    private static readonly FlowLogFormat Format = FlowLogFormat.Parse(
        "${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes}"
        + " ${start} ${end} ${action} ${log-status} ${next-hop} ${destination-prefix-list-identifier}");

    private const string Line = "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK 042 pl-0a1b2c3d";
    private const string LineWithoutThem = "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK - -";

    [Fact]
    public void Json_keeps_unknown_fields_as_strings_and_known_fields_typed()
    {
        var outputs = EcsOcsfSamples.Write(new JsonFlowRecordWriter(), Format, Line, LineWithoutThem);

        using var json = JsonDocument.Parse(outputs[0]);
        Assert.Equal("042", json.RootElement.GetProperty("next_hop").GetString()); // digits, but not a number: kept as written
        Assert.Equal("pl-0a1b2c3d", json.RootElement.GetProperty("destination_prefix_list_identifier").GetString());
        Assert.Equal(20641, json.RootElement.GetProperty("srcport").GetInt32());
        using var without = JsonDocument.Parse(outputs[1]);
        Assert.False(without.RootElement.TryGetProperty("next_hop", out _));
        Assert.False(without.RootElement.TryGetProperty("destination_prefix_list_identifier", out _));
    }

    [Fact]
    public void The_escaping_json_path_writes_the_same_members()
    {
        // A log group name that needs escaping sends the writer down its general path.
        using var decoder = new FlowRecordDecoder(FormatMap.Single(Format));
        var plain = new DecodeCollector();
        var escaped = new DecodeCollector();
        decoder.Decode(Records.Data([Line]), plain, plain);
        decoder.Decode(Records.Data([Line], "/vpc/\"quoted\""), escaped, escaped);

        using var a = JsonDocument.Parse(Assert.Single(plain.Outputs));
        using var b = JsonDocument.Parse(Assert.Single(escaped.Outputs));
        Assert.Equal(
            a.RootElement.EnumerateObject().Where(p => p.Name != "cloudwatch").Select(p => p.ToString()),
            b.RootElement.EnumerateObject().Where(p => p.Name != "cloudwatch").Select(p => p.ToString()));
    }

    [Fact]
    public void Ecs_and_ocsf_put_unknown_fields_where_unmapped_fields_go_and_stay_valid()
    {
        var ecs = EcsOcsfSamples.WriteOne(new EcsFlowRecordWriter(), Format, Line);
        var ocsf = EcsOcsfSamples.WriteOne(new OcsfFlowRecordWriter(), Format, Line);

        using var ecsJson = JsonDocument.Parse(ecs);
        Assert.Equal("042", ecsJson.RootElement.GetProperty("aws").GetProperty("vpcflow").GetProperty("next_hop").GetString());
        EcsFieldTypeRules.AssertValid(ecs);
        using var ocsfJson = JsonDocument.Parse(ocsf);
        Assert.Equal("pl-0a1b2c3d", ocsfJson.RootElement.GetProperty("unmapped").GetProperty("destination_prefix_list_identifier").GetString());
        OcsfNetworkActivityRules.AssertValid(ocsf);
    }

    [Fact]
    public void A_log_group_whose_format_cannot_be_parsed_is_dead_lettered_and_the_others_decode()
    {
        var formats = FormatMap.FromJson("""{"/vpc/broken": "${version} ${srcaddr", "/vpc/custom": "srcaddr dstaddr action"}"""u8, keepBadEntries: true);
        using var decoder = new FlowRecordDecoder(formats);
        var collector = new DecodeCollector();

        decoder.Decode(Records.Data(["10.0.0.1 10.0.0.2 ACCEPT"], "/vpc/custom"), collector, collector);
        var broken = decoder.Decode(Records.Data(["2 10.0.0.9", "2 10.0.0.8"], "/vpc/broken"), collector, collector);
        decoder.Decode(Records.Data(EcsOcsfSamples.V2Accept), collector, collector);

        Assert.Equal(RecordOutcome.DeadLettered, broken.Outcome);
        var letter = Assert.Single(collector.DeadLetters);
        Assert.Equal(DeadLetterReason.UnusableFormat, letter.Reason);
        Assert.Equal("unusable_format", letter.Reason.Code());
        Assert.True(letter.Reason.IsRecordLevel());
        Assert.Equal("/vpc/broken", letter.LogGroup);
        Assert.Contains("'/vpc/broken'", letter.Message, StringComparison.Ordinal);
        Assert.Equal(["10.0.0.1 10.0.0.2 ACCEPT", EcsOcsfSamples.V2Accept], collector.Lines);
        Assert.Equal(new DecodeCounts(Records: 3, ControlMessages: 0, Events: 2, RecordErrors: 1, LineErrors: 0), decoder.Counts);
    }

    [Theory]
    [InlineData("json")]
    [InlineData("ecs")]
    [InlineData("ocsf")]
    public void Unknown_fields_cost_nothing_per_line(string output)
    {
        var custom = new GeneratedLogGroup("/vpc/new-fields", FlowLogFormat.Parse(EcsOcsfSamples.EveryVpcField.Text + " next-hop destination-prefix-list-identifier"));
        using var decoder = new FlowRecordDecoder(FormatMap.Single(custom.Format));
        var buffer = new ArrayBufferWriter<byte>(4 << 20);
        var handler = new NdjsonFlowRecordHandler(FlowOutputFormats.Create(output), buffer);
        var (perSmall, perLarge) = PerLineAllocation.Measure(decoder, handler, buffer, Record(50, custom), Record(500, custom));

        Assert.True(perLarge - perSmall < 450, $"{output}: 50 lines {perSmall} B, 500 lines {perLarge} B");
        Assert.Equal(0, decoder.Counts.Errors);
    }

    private static byte[] Record(int lines, GeneratedLogGroup logGroup) =>
        new FlowLogGenerator(lines, new FlowLogGeneratorOptions { MinEventsPerRecord = lines, MaxEventsPerRecord = lines, LogGroups = [logGroup] }).NextRecord().Data;
}
