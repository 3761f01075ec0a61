using System.Text.Json;
using KinesisFlow.FlowLogs.Output;

namespace KinesisFlow.FlowLogs.Tests.Output;

public sealed class SekoiaFlowRecordWriterTests
{
    [Fact]
    public void Default_v2_and_the_v5_canonical_order_go_out_as_the_raw_line()
    {
        var writer = new SekoiaFlowRecordWriter();

        Assert.Equal([EcsOcsfSamples.V2Accept, EcsOcsfSamples.V2NoData], EcsOcsfSamples.Write(writer, FlowLogFormat.DefaultV2, EcsOcsfSamples.V2Accept, EcsOcsfSamples.V2NoData));
        Assert.Equal([EcsOcsfSamples.V5NatEgress], EcsOcsfSamples.Write(writer, FlowLogFormat.DefaultV2WithV5Fields, EcsOcsfSamples.V5NatEgress));
    }

    [Fact]
    public void A_format_parsed_separately_but_equal_to_the_default_is_still_raw()
    {
        var sameAsDefault = FlowLogFormat.Parse("${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}");

        Assert.Equal([EcsOcsfSamples.V2Reject], EcsOcsfSamples.Write(new SekoiaFlowRecordWriter(), sameAsDefault, EcsOcsfSamples.V2Reject));
        Assert.True(SekoiaFlowRecordWriter.WritesRawLine(sameAsDefault));
    }

    [Fact]
    public void Custom_and_transit_gateway_formats_arrive_parsed_as_json_with_their_envelope()
    {
        var writer = new SekoiaFlowRecordWriter();
        var custom = EcsOcsfSamples.WriteOne(writer, EcsOcsfSamples.EveryVpcField, EcsOcsfSamples.EveryVpcFieldLine);
        var tgw = EcsOcsfSamples.WriteOne(writer, FlowLogFormat.TransitGatewayDefault, EcsOcsfSamples.TransitGateway);

        Assert.Equal(EcsOcsfSamples.WriteOne(new JsonFlowRecordWriter(), EcsOcsfSamples.EveryVpcField, EcsOcsfSamples.EveryVpcFieldLine), custom);
        using var json = JsonDocument.Parse(tgw);
        Assert.Equal("tgw-0a1b2c3d4e5f60718", json.RootElement.GetProperty("tgw_id").GetString());
        Assert.Equal("1", json.RootElement.GetProperty("cloudwatch").GetProperty("event_id").GetString());
        Assert.Equal(EcsOcsfSamples.ShardId, json.RootElement.GetProperty("kinesis").GetProperty("shard_id").GetString());
    }

    [Fact]
    public void A_shortened_default_order_is_not_what_sekoia_parses()
    {
        var v2PlusV3Only = FlowLogFormat.Parse(FlowLogFormat.DefaultV2.Text + " vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr pkt-dstaddr");

        Assert.False(SekoiaFlowRecordWriter.WritesRawLine(v2PlusV3Only));
        Assert.False(SekoiaFlowRecordWriter.WritesRawLine(FlowLogFormat.TransitGatewayDefault));
    }

    [Fact]
    public void Sekoia_is_known_by_name()
    {
        Assert.IsType<SekoiaFlowRecordWriter>(FlowOutputFormats.Create("sekoia"));
    }
}
