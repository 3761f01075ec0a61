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
            "{\"activity_id\":6,\"activity_name\":\"Traffic\",\"category_uid\":4,\"category_name\":\"Network Activity\",\"class_uid\":4001,\"class_name\":\"Network Activity\","
            + "\"type_uid\":400106,\"type_name\":\"Network Activity: Traffic\",\"severity_id\":1,\"severity\":\"Informational\",\"action_id\":1,\"action\":\"Allowed\",\"disposition_id\":1,\"disposition\":\"Allowed\","
            + "\"time\":1418530010000,\"start_time\":1418530010000,\"end_time\":1418530070000,\"duration\":60000,\"status_code\":\"OK\","
            + Metadata.Replace("{0}", "2", StringComparison.Ordinal) + ","
            + "\"cloud\":{\"provider\":\"AWS\",\"account\":{\"uid\":\"123456789010\"}},"
            + "\"src_endpoint\":{\"ip\":\"172.31.16.139\",\"port\":20641},"
            + "\"dst_endpoint\":{\"ip\":\"172.31.16.21\",\"port\":22},"
            + "\"connection_info\":{\"protocol_num\":6,\"protocol_name\":\"tcp\",\"protocol_ver_id\":4,\"protocol_ver\":\"Internet Protocol version 4 (IPv4)\",\"direction_id\":0,\"direction\":\"Unknown\"},"
            + "\"traffic\":{\"bytes\":4249,\"packets\":20},"
            + "\"observables\":[" + Observable("src_endpoint.ip", 2, "IP Address", "172.31.16.139") + "," + Observable("dst_endpoint.ip", 2, "IP Address", "172.31.16.21") + "],"
            + "\"unmapped\":{\"interface_id\":\"eni-1235b8ca123456789\"," + Unmapped + "}}",
            ocsf);
    }

    [Fact]
    public void Nat_egress_puts_the_packet_address_first_and_the_interface_on_the_source()
    {
        var ocsf = Single(FlowLogFormat.DefaultV2WithV5Fields, EcsOcsfSamples.V5NatEgress);

        Assert.Equal(
            "{\"activity_id\":6,\"activity_name\":\"Traffic\",\"category_uid\":4,\"category_name\":\"Network Activity\",\"class_uid\":4001,\"class_name\":\"Network Activity\","
            + "\"type_uid\":400106,\"type_name\":\"Network Activity: Traffic\",\"severity_id\":1,\"severity\":\"Informational\",\"action_id\":1,\"action\":\"Allowed\",\"disposition_id\":1,\"disposition\":\"Allowed\","
            + "\"time\":1616729292000,\"start_time\":1616729292000,\"end_time\":1616729349000,\"duration\":57000,\"status_code\":\"OK\","
            + Metadata.Replace("{0}", "5", StringComparison.Ordinal) + ","
            + "\"cloud\":{\"provider\":\"AWS\",\"account\":{\"uid\":\"123456789012\"},\"region\":\"us-east-1\",\"zone\":\"use1-az1\"},"
            + "\"src_endpoint\":{\"ip\":\"10.40.1.175\",\"intermediate_ips\":[\"10.40.2.236\"],\"port\":49152,"
            + "\"interface_uid\":\"eni-0a1b2c3d4e5f60718\",\"vpc_uid\":\"vpc-0a1b2c3d4e5f60718\",\"subnet_uid\":\"subnet-0a1b2c3d4e5f60718\"},"
            + "\"dst_endpoint\":{\"ip\":\"203.0.113.5\",\"port\":443,\"svc_name\":\"S3\"},"
            + "\"connection_info\":{\"protocol_num\":6,\"protocol_name\":\"tcp\",\"protocol_ver_id\":4,\"protocol_ver\":\"Internet Protocol version 4 (IPv4)\",\"tcp_flags\":19,"
            + "\"direction_id\":2,\"direction\":\"Outbound\",\"boundary_id\":11,\"boundary\":\"Internet Gateway\"},"
            + "\"traffic\":{\"bytes\":3120,\"packets\":12},"
            + "\"observables\":[" + Observable("src_endpoint.ip", 2, "IP Address", "10.40.1.175") + "," + Observable("dst_endpoint.ip", 2, "IP Address", "203.0.113.5") + ","
            + Observable("src_endpoint.interface_uid", 10, "Resource UID", "eni-0a1b2c3d4e5f60718") + "],"
            + "\"unmapped\":{\"sublocation_type\":\"outpost\",\"sublocation_id\":\"op-0a1b2c3d4e5f60718\"," + Unmapped + "}}",
            ocsf);
    }

    [Fact]
    public void Rejected_ingress_is_activity_5_refuse_blocked_with_the_interface_on_the_destination()
    {
        using var ocsf = JsonDocument.Parse(Single(EcsOcsfSamples.EveryVpcField, EcsOcsfSamples.EveryVpcFieldLine));
        var root = ocsf.RootElement;

        // As Security Lake writes a REJECT: activity 5 "Refuse", type 400105 (activity 2 would be "Close").
        Assert.Equal(5, root.GetProperty("activity_id").GetInt32());
        Assert.Equal("Refuse", root.GetProperty("activity_name").GetString());
        Assert.Equal(400105, root.GetProperty("type_uid").GetInt32());
        Assert.Equal("Network Activity: Refuse", root.GetProperty("type_name").GetString());
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
        Assert.Equal(
            ["src_endpoint.ip=198.51.100.7", "dst_endpoint.ip=10.0.1.99", "dst_endpoint.interface_uid=eni-0f1e2d3c4b5a69788", "dst_endpoint.instance_uid=i-0f1e2d3c4b5a69788"],
            root.GetProperty("observables").EnumerateArray().Select(o => $"{o.GetProperty("name").GetString()}={o.GetProperty("value").GetString()}"));
    }

    [Fact]
    public void Nodata_and_skipdata_are_activity_0_with_the_interface_on_the_source_and_no_empty_endpoint()
    {
        foreach (var (line, status, eni) in new[] { (EcsOcsfSamples.V2NoData, "NODATA", "eni-1235b8ca123456789"), (EcsOcsfSamples.V2SkipData, "SKIPDATA", "eni-11111111aaaaaaaaa") })
        {
            using var ocsf = JsonDocument.Parse(Single(FlowLogFormat.DefaultV2, line));
            var root = ocsf.RootElement;
            Assert.Equal(0, root.GetProperty("activity_id").GetInt32());
            Assert.Equal("Unknown", root.GetProperty("activity_name").GetString());
            Assert.Equal(400100, root.GetProperty("type_uid").GetInt32());
            Assert.Equal(0, root.GetProperty("action_id").GetInt32());
            Assert.Equal(0, root.GetProperty("disposition_id").GetInt32());
            Assert.Equal(status, root.GetProperty("status_code").GetString());
            Assert.Equal("{\"interface_uid\":\"" + eni + "\"}", root.GetProperty("src_endpoint").GetRawText());
            Assert.False(root.TryGetProperty("dst_endpoint", out _));
            Assert.False(root.GetProperty("unmapped").TryGetProperty("interface_id", out _));
            Assert.Equal("[" + Observable("src_endpoint.interface_uid", 10, "Resource UID", eni) + "]", root.GetProperty("observables").GetRawText());
        }

        using var v5 = JsonDocument.Parse(Single(FlowLogFormat.DefaultV2WithV5Fields, EcsOcsfSamples.V5NoData));
        var endpoint = v5.RootElement.GetProperty("src_endpoint");
        Assert.Equal("eni-0a1b2c3d4e5f60718", endpoint.GetProperty("interface_uid").GetString());
        Assert.Equal("vpc-0a1b2c3d4e5f60718", endpoint.GetProperty("vpc_uid").GetString());
        Assert.Equal("subnet-0a1b2c3d4e5f60718", endpoint.GetProperty("subnet_uid").GetString());
        Assert.Equal("i-0a1b2c3d4e5f60718", endpoint.GetProperty("instance_uid").GetString());
    }

    [Fact]
    public void Transit_gateway_records_without_an_action_are_traffic_with_an_unknown_disposition()
    {
        using var tgw = JsonDocument.Parse(Single(FlowLogFormat.TransitGatewayDefault, EcsOcsfSamples.TransitGateway));
        var unmapped = tgw.RootElement.GetProperty("unmapped");
        Assert.Equal("tgw-0a1b2c3d4e5f60718", unmapped.GetProperty("tgw_id").GetString());
        Assert.Equal(1, unmapped.GetProperty("packets_lost_ttl_expired").GetInt32());
        Assert.Equal(2, tgw.RootElement.GetProperty("connection_info").GetProperty("direction_id").GetInt32());
        Assert.Equal(6, tgw.RootElement.GetProperty("activity_id").GetInt32());
        Assert.Equal(0, tgw.RootElement.GetProperty("disposition_id").GetInt32());
    }

    [Theory]
    [InlineData("\"activity_id\":5,", "\"activity_id\":2,")] // REJECT as "Close": the caption no longer matches the id, nor type_uid
    [InlineData("\"activity_id\":5,\"activity_name\":\"Refuse\"", "\"activity_id\":7,\"activity_name\":\"Refuse\"")] // 7 is no 1.1.0 activity
    [InlineData("\"disposition_id\":2,", "\"disposition_id\":28,")] // no such disposition in 1.1.0
    [InlineData("\"boundary_id\":4,", "\"boundary_id\":12,")] // no such boundary in 1.1.0
    [InlineData("\"type_id\":10,", "\"type_id\":20,")] // 20 (Endpoint) is an object observable, not a value's
    [InlineData("\"instance_uid\":\"i-0f1e2d3c4b5a69788\"", "\"instance_id\":\"i-0f1e2d3c4b5a69788\"")] // not an endpoint attribute
    public void The_schema_rules_reject_a_wrong_enum_value_caption_or_attribute(string from, string to)
    {
        var valid = Single(EcsOcsfSamples.EveryVpcField, EcsOcsfSamples.EveryVpcFieldLine);
        OcsfNetworkActivityRules.AssertValid(valid);
        var broken = valid.Replace(from, to, StringComparison.Ordinal);

        Assert.NotEqual(valid, broken);
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => OcsfNetworkActivityRules.AssertValid(broken));
    }

    private static string Observable(string name, int typeId, string type, string value) =>
        $"{{\"name\":\"{name}\",\"type\":\"{type}\",\"type_id\":{typeId},\"value\":\"{value}\"}}";

    private static string Single(FlowLogFormat format, string line) => EcsOcsfSamples.WriteOne(new OcsfFlowRecordWriter(), format, line);
}
