using KinesisFlow.FlowLogs.Output;

namespace KinesisFlow.FlowLogs.Tests.Output;

public sealed class EcsFlowRecordWriterTests
{
    private const string Envelope =
        "\"cloudwatch\":{\"log_group\":\"/vpc/test\",\"log_stream\":\"eni-1235b8ca123456789-all\",\"owner\":\"123456789010\"},"
        + EcsOcsfSamples.KinesisJson;

    [Fact]
    public void Default_v2_accept_maps_as_elastics_integration_does()
    {
        var ecs = Single(FlowLogFormat.DefaultV2, EcsOcsfSamples.V2Accept);

        Assert.Equal(
            "{\"@timestamp\":\"2014-12-14T04:07:50.000Z\",\"ecs\":{\"version\":\"8.11.0\"},"
            + "\"event\":{\"kind\":\"event\",\"category\":[\"network\"],\"type\":[\"connection\",\"allowed\"],\"action\":\"accept\",\"outcome\":\"success\","
            + "\"start\":\"2014-12-14T04:06:50.000Z\",\"end\":\"2014-12-14T04:07:50.000Z\",\"id\":\"1\"},"
            + "\"source\":{\"address\":\"172.31.16.139\",\"ip\":\"172.31.16.139\",\"port\":20641,\"bytes\":4249,\"packets\":20},"
            + "\"destination\":{\"address\":\"172.31.16.21\",\"ip\":\"172.31.16.21\",\"port\":22},"
            + "\"network\":{\"iana_number\":\"6\",\"transport\":\"tcp\",\"type\":\"ipv4\",\"bytes\":4249,\"packets\":20,\"community_id\":\"1:78twGw5/iHs2/5/1899dIS6GfPc=\"},"
            + "\"related\":{\"ip\":[\"172.31.16.139\",\"172.31.16.21\"]},"
            + "\"cloud\":{\"provider\":\"aws\",\"account\":{\"id\":\"123456789010\"}},"
            + "\"aws\":{\"vpcflow\":{\"version\":\"2\",\"account_id\":\"123456789010\",\"interface_id\":\"eni-1235b8ca123456789\",\"action\":\"ACCEPT\",\"log_status\":\"OK\"},"
            + Envelope + "}}",
            ecs);
    }

    [Fact]
    public void Every_v3_to_v5_field_lands_in_its_ecs_place_and_the_nat_address_is_related()
    {
        var ecs = Single(FlowLogFormat.DefaultV2WithV5Fields, EcsOcsfSamples.V5NatEgress);

        Assert.Equal(
            "{\"@timestamp\":\"2021-03-26T03:29:09.000Z\",\"ecs\":{\"version\":\"8.11.0\"},"
            + "\"event\":{\"kind\":\"event\",\"category\":[\"network\"],\"type\":[\"connection\",\"allowed\"],\"action\":\"accept\",\"outcome\":\"success\","
            + "\"start\":\"2021-03-26T03:28:12.000Z\",\"end\":\"2021-03-26T03:29:09.000Z\",\"id\":\"1\"},"
            + "\"source\":{\"address\":\"10.40.2.236\",\"ip\":\"10.40.2.236\",\"port\":49152,\"bytes\":3120,\"packets\":12},"
            + "\"destination\":{\"address\":\"203.0.113.5\",\"ip\":\"203.0.113.5\",\"port\":443},"
            + "\"network\":{\"iana_number\":\"6\",\"transport\":\"tcp\",\"type\":\"ipv4\",\"bytes\":3120,\"packets\":12,\"direction\":\"egress\",\"community_id\":\"1:LjY3519zDLtu2Tw7o9X0EnZV1vY=\"},"
            + "\"related\":{\"ip\":[\"10.40.2.236\",\"203.0.113.5\",\"10.40.1.175\"]},"
            + "\"cloud\":{\"provider\":\"aws\",\"account\":{\"id\":\"123456789012\"},\"region\":\"us-east-1\",\"availability_zone\":\"use1-az1\"},"
            + "\"observer\":{\"egress\":{\"interface\":{\"id\":\"eni-0a1b2c3d4e5f60718\"}}},"
            + "\"aws\":{\"vpcflow\":{\"version\":\"5\",\"account_id\":\"123456789012\",\"interface_id\":\"eni-0a1b2c3d4e5f60718\",\"action\":\"ACCEPT\",\"log_status\":\"OK\","
            + "\"vpc_id\":\"vpc-0a1b2c3d4e5f60718\",\"subnet_id\":\"subnet-0a1b2c3d4e5f60718\",\"tcp_flags\":\"19\",\"tcp_flags_array\":[\"fin\",\"syn\",\"ack\"],"
            + "\"type\":\"IPv4\",\"pkt_srcaddr\":\"10.40.1.175\",\"pkt_dstaddr\":\"203.0.113.5\",\"pkt_dst_service\":\"S3\",\"traffic_path\":\"8\","
            + "\"sublocation\":{\"type\":\"outpost\",\"id\":\"op-0a1b2c3d4e5f60718\"}},"
            + Envelope + "}}",
            ecs);
    }

    [Fact]
    public void Rejected_ecs_task_traffic_is_denied_with_its_reason_and_its_task_in_ecs_places()
    {
        using var ecs = System.Text.Json.JsonDocument.Parse(Single(EcsOcsfSamples.EveryVpcField, EcsOcsfSamples.EveryVpcFieldLine));
        var root = ecs.RootElement;

        Assert.Equal("reject", root.GetProperty("event").GetProperty("action").GetString());
        Assert.Equal("failure", root.GetProperty("event").GetProperty("outcome").GetString());
        Assert.Equal(["connection", "denied"], root.GetProperty("event").GetProperty("type").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("BPA", root.GetProperty("event").GetProperty("reason").GetString());
        Assert.Equal("1:2kagpHS0k10InlEMnsNv76b5ojM=", root.GetProperty("network").GetProperty("community_id").GetString());
        Assert.Equal("eni-0f1e2d3c4b5a69788", root.GetProperty("observer").GetProperty("ingress").GetProperty("interface").GetProperty("id").GetString());
        Assert.Equal(
            "{\"cluster\":{\"id\":\"arn:aws:ecs:eu-west-1:123456789012:cluster/web\",\"name\":\"web\"},"
            + "\"resource\":{\"id\":\"0abc\",\"name\":\"arn:aws:ecs:eu-west-1:123456789012:container-instance/web/0abc\",\"type\":\"container\"},\"type\":\"ecs\"}",
            root.GetProperty("orchestrator").GetRawText());
        Assert.Equal("c1", root.GetProperty("container").GetProperty("id").GetString());
        Assert.Equal("frontend", root.GetProperty("service").GetProperty("name").GetString());
        Assert.Equal("udp", root.GetProperty("network").GetProperty("transport").GetString());
        Assert.Equal("ingress", root.GetProperty("network").GetProperty("direction").GetString());
        Assert.Equal("i-0f1e2d3c4b5a69788", root.GetProperty("cloud").GetProperty("instance").GetProperty("id").GetString());
        Assert.Equal(["198.51.100.7", "10.0.1.25", "10.0.1.99"], root.GetProperty("related").GetProperty("ip").EnumerateArray().Select(e => e.GetString()));
        var vpcflow = root.GetProperty("aws").GetProperty("vpcflow");
        Assert.Equal("web", vpcflow.GetProperty("ecs_cluster_name").GetString());
        Assert.Equal("c1", vpcflow.GetProperty("ecs_container_id").GetString());
        Assert.Equal("c2", vpcflow.GetProperty("ecs_second_container_id").GetString());
        Assert.Equal("frontend", vpcflow.GetProperty("ecs_service_name").GetString());
        Assert.Equal("0def", vpcflow.GetProperty("ecs_task_id").GetString());
        Assert.Equal("BPA", vpcflow.GetProperty("reject_reason").GetString());
        Assert.Equal("2", vpcflow.GetProperty("encryption_status").GetString());
        Assert.Equal("eni-0f1e2d3c4b5a69788", vpcflow.GetProperty("resource_id").GetString());
        Assert.Equal(0, vpcflow.GetProperty("tcp_flags_array").GetArrayLength());
        Assert.False(vpcflow.TryGetProperty("srcaddr", out _));
        Assert.False(vpcflow.TryGetProperty("region", out _));
    }

    [Fact]
    public void Nodata_records_carry_no_empty_endpoints_and_transit_gateway_fields_stay_named()
    {
        var nodata = Single(FlowLogFormat.DefaultV2, EcsOcsfSamples.V2NoData);
        Assert.DoesNotContain("\"source\"", nodata, StringComparison.Ordinal);
        Assert.DoesNotContain("\"related\"", nodata, StringComparison.Ordinal);
        Assert.DoesNotContain("\"outcome\"", nodata, StringComparison.Ordinal);
        Assert.Contains("\"type\":[\"connection\"]", nodata, StringComparison.Ordinal);
        Assert.Contains("\"log_status\":\"NODATA\"", nodata, StringComparison.Ordinal);

        var tgw = Single(FlowLogFormat.TransitGatewayDefault, EcsOcsfSamples.TransitGateway);
        Assert.Contains("\"tgw_attachment_id\":\"tgw-attach-0a1b2c3d4e5f6071\"", tgw, StringComparison.Ordinal);
        Assert.Contains("\"packets_lost_ttl_expired\":\"1\"", tgw, StringComparison.Ordinal);
        Assert.Contains("\"resource_type\":\"TransitGateway\"", tgw, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_sample_respects_the_ecs_field_types()
    {
        foreach (var (format, line) in EcsOcsfSamples.All())
        {
            EcsFieldTypeRules.AssertValid(Single(format, line));
        }
    }

    [Fact]
    public void Ipv6_flows_are_typed_ipv6()
    {
        var ecs = Single(FlowLogFormat.DefaultV2, EcsOcsfSamples.V2Ipv6);

        Assert.Contains("\"type\":\"ipv6\"", ecs, StringComparison.Ordinal);
        Assert.Contains("\"ip\":\"2001:db8:1234:a100:8d6e:3477:df66:f105\"", ecs, StringComparison.Ordinal);
    }

    [Fact]
    public void The_line_is_in_event_original_only_when_asked_for()
    {
        var without = Single(FlowLogFormat.DefaultV2, EcsOcsfSamples.V2Reject);
        var with = EcsOcsfSamples.WriteOne(FlowOutputFormats.Create("ecs", new FlowOutputOptions(EventOriginal: true)), FlowLogFormat.DefaultV2, EcsOcsfSamples.V2Reject);

        Assert.DoesNotContain("original", without, StringComparison.Ordinal);
        using var document = System.Text.Json.JsonDocument.Parse(with);
        Assert.Equal(EcsOcsfSamples.V2Reject, document.RootElement.GetProperty("event").GetProperty("original").GetString());
        EcsFieldTypeRules.AssertValid(with);
    }

    [Fact]
    public void Related_ip_holds_every_distinct_address_once()
    {
        using var nat = System.Text.Json.JsonDocument.Parse(Single(FlowLogFormat.DefaultV2WithV5Fields, EcsOcsfSamples.V5NatEgress));
        Assert.Equal(["10.40.2.236", "203.0.113.5", "10.40.1.175"], nat.RootElement.GetProperty("related").GetProperty("ip").EnumerateArray().Select(e => e.GetString()));

        // Both packet-level addresses differ from the interface's (traffic through a middlebox): four addresses.
        var format = FlowLogFormat.Parse("srcaddr dstaddr pkt-srcaddr pkt-dstaddr action");
        using var both = System.Text.Json.JsonDocument.Parse(Single(format, "10.0.0.5 10.0.0.6 192.0.2.1 198.51.100.2 ACCEPT"));
        Assert.Equal(["10.0.0.5", "10.0.0.6", "192.0.2.1", "198.51.100.2"], both.RootElement.GetProperty("related").GetProperty("ip").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void Ecs_is_known_by_name()
    {
        Assert.IsType<EcsFlowRecordWriter>(FlowOutputFormats.Create("ecs"));
    }

    private static string Single(FlowLogFormat format, string line) => EcsOcsfSamples.WriteOne(new EcsFlowRecordWriter(), format, line);
}
