using System.Text.Json;
using KinesisFlow.FlowLogs.Output;

namespace KinesisFlow.FlowLogs.Tests.Output;

public sealed class OcsfFlowRecordWriterTests
{
    private const string Metadata =
        "\"metadata\":{\"version\":\"1.1.0\",\"product\":{\"name\":\"Amazon VPC\",\"vendor_name\":\"AWS\",\"feature\":{\"name\":\"Flowlogs\"},\"version\":\"{0}\"},"
        + "\"profiles\":[\"cloud\",\"security_control\"],\"uid\":\"1\",\"log_name\":\"/vpc/test\",\"log_provider\":\"CloudWatch Logs\",\"logged_time\":1000}";

    private const string Unmapped =
        "\"cloudwatch\":{\"log_stream\":\"eni-1235b8ca123456789-all\",\"owner\":\"123456789010\"},"
        + EcsOcsfSamples.KinesisJson;

    [Fact]
    public void Accepted_default_v2_traffic_is_activity_6_allowed()
    {
        var ocsf = Single(FlowLogFormat.DefaultV2, EcsOcsfSamples.V2Accept);

        Assert.Equal(
            "{\"activity_id\":6,\"category_uid\":4,\"category_name\":\"Network Activity\",\"class_uid\":4001,\"class_name\":\"Network Activity\","
            + "\"type_uid\":400106,\"severity_id\":1,\"severity\":\"Informational\",\"action_id\":1,\"action\":\"Allowed\",\"disposition_id\":1,\"disposition\":\"Allowed\","
            + "\"time\":1418530010000,\"start_time\":1418530010000,\"end_time\":1418530070000,\"duration\":60000,\"status_code\":\"OK\","
            + Metadata.Replace("{0}", "2", StringComparison.Ordinal) + ","
            + "\"cloud\":{\"provider\":\"AWS\",\"account\":{\"uid\":\"123456789010\"}},"
            + "\"src_endpoint\":{\"ip\":\"172.31.16.139\",\"port\":20641},"
            + "\"dst_endpoint\":{\"ip\":\"172.31.16.21\",\"port\":22},"
            + "\"connection_info\":{\"protocol_num\":6,\"protocol_name\":\"tcp\",\"protocol_ver_id\":4,\"protocol_ver\":\"Internet Protocol version 4 (IPv4)\",\"direction_id\":0,\"direction\":\"Unknown\"},"
            + "\"traffic\":{\"bytes\":4249,\"packets\":20},"
            + "\"unmapped\":{\"interface_id\":\"eni-1235b8ca123456789\"," + Unmapped + "}}",
            ocsf);
    }

    [Fact]
    public void Nat_egress_puts_the_packet_address_first_and_the_interface_on_the_source()
    {
        var ocsf = Single(FlowLogFormat.DefaultV2WithV5Fields, EcsOcsfSamples.V5NatEgress);

        Assert.Equal(
            "{\"activity_id\":6,\"category_uid\":4,\"category_name\":\"Network Activity\",\"class_uid\":4001,\"class_name\":\"Network Activity\","
            + "\"type_uid\":400106,\"severity_id\":1,\"severity\":\"Informational\",\"action_id\":1,\"action\":\"Allowed\",\"disposition_id\":1,\"disposition\":\"Allowed\","
            + "\"time\":1616729292000,\"start_time\":1616729292000,\"end_time\":1616729349000,\"duration\":57000,\"status_code\":\"OK\","
            + Metadata.Replace("{0}", "5", StringComparison.Ordinal) + ","
            + "\"cloud\":{\"provider\":\"AWS\",\"account\":{\"uid\":\"123456789012\"},\"region\":\"us-east-1\",\"zone\":\"use1-az1\"},"
            + "\"src_endpoint\":{\"ip\":\"10.40.1.175\",\"intermediate_ips\":[\"10.40.2.236\"],\"port\":49152,"
            + "\"interface_uid\":\"eni-0a1b2c3d4e5f60718\",\"vpc_uid\":\"vpc-0a1b2c3d4e5f60718\",\"subnet_uid\":\"subnet-0a1b2c3d4e5f60718\"},"
            + "\"dst_endpoint\":{\"ip\":\"203.0.113.5\",\"port\":443,\"svc_name\":\"S3\"},"
            + "\"connection_info\":{\"protocol_num\":6,\"protocol_name\":\"tcp\",\"protocol_ver_id\":4,\"protocol_ver\":\"Internet Protocol version 4 (IPv4)\",\"tcp_flags\":19,"
            + "\"direction_id\":2,\"direction\":\"Outbound\",\"boundary_id\":11,\"boundary\":\"Internet Gateway\"},"
            + "\"traffic\":{\"bytes\":3120,\"packets\":12},"
            + "\"unmapped\":{\"sublocation_type\":\"outpost\",\"sublocation_id\":\"op-0a1b2c3d4e5f60718\"," + Unmapped + "}}",
            ocsf);
    }

    [Fact]
    public void Rejected_ingress_is_activity_2_blocked_with_the_interface_on_the_destination()
    {
        using var ocsf = JsonDocument.Parse(Single(EcsOcsfSamples.EveryVpcField, EcsOcsfSamples.EveryVpcFieldLine));
        var root = ocsf.RootElement;

        Assert.Equal(2, root.GetProperty("activity_id").GetInt32());
        Assert.Equal(400102, root.GetProperty("type_uid").GetInt32());
        Assert.Equal(2, root.GetProperty("disposition_id").GetInt32());
        Assert.Equal("Blocked", root.GetProperty("disposition").GetString());
        Assert.Equal(2, root.GetProperty("action_id").GetInt32());
        var destination = root.GetProperty("dst_endpoint");
        Assert.Equal("10.0.1.99", destination.GetProperty("ip").GetString());
        Assert.Equal(["10.0.1.25"], destination.GetProperty("intermediate_ips").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("i-0f1e2d3c4b5a69788", destination.GetProperty("instance_uid").GetString());
        Assert.Equal("eni-0f1e2d3c4b5a69788", destination.GetProperty("interface_uid").GetString());
        Assert.False(root.GetProperty("src_endpoint").TryGetProperty("interface_uid", out _));
        var connection = root.GetProperty("connection_info");
        Assert.Equal(1, connection.GetProperty("direction_id").GetInt32());
        Assert.Equal(4, connection.GetProperty("boundary_id").GetInt32());
        Assert.Equal("udp", connection.GetProperty("protocol_name").GetString());
        var unmapped = root.GetProperty("unmapped");
        Assert.Equal("BPA", unmapped.GetProperty("reject_reason").GetString());
        Assert.Equal(2, unmapped.GetProperty("encryption_status").GetInt32());
        Assert.Equal("frontend", unmapped.GetProperty("ecs_service_name").GetString());
        Assert.False(unmapped.TryGetProperty("interface_id", out _));
        Assert.False(unmapped.TryGetProperty("vpc_id", out _));
    }

    [Fact]
    public void Records_without_an_action_have_an_unknown_disposition_and_keep_their_status()
    {
        using var nodata = JsonDocument.Parse(Single(FlowLogFormat.DefaultV2, EcsOcsfSamples.V2NoData));
        Assert.Equal(6, nodata.RootElement.GetProperty("activity_id").GetInt32());
        Assert.Equal(0, nodata.RootElement.GetProperty("disposition_id").GetInt32());
        Assert.Equal("NODATA", nodata.RootElement.GetProperty("status_code").GetString());
        Assert.Equal(JsonValueKind.Object, nodata.RootElement.GetProperty("src_endpoint").ValueKind);

        using var tgw = JsonDocument.Parse(Single(FlowLogFormat.TransitGatewayDefault, EcsOcsfSamples.TransitGateway));
        var unmapped = tgw.RootElement.GetProperty("unmapped");
        Assert.Equal("tgw-0a1b2c3d4e5f60718", unmapped.GetProperty("tgw_id").GetString());
        Assert.Equal(1, unmapped.GetProperty("packets_lost_ttl_expired").GetInt32());
        Assert.Equal(2, tgw.RootElement.GetProperty("connection_info").GetProperty("direction_id").GetInt32());
    }

    [Fact]
    public void Every_sample_meets_ocsf_network_activity_requirements()
    {
        foreach (var (format, line) in EcsOcsfSamples.All())
        {
            OcsfNetworkActivityRules.AssertValid(Single(format, line));
        }
    }

    [Fact]
    public void Ocsf_is_known_by_name()
    {
        Assert.IsType<OcsfFlowRecordWriter>(FlowOutputFormats.Create("ocsf"));
    }

    private static string Single(FlowLogFormat format, string line) => EcsOcsfSamples.WriteOne(new OcsfFlowRecordWriter(), format, line);
}
