using KinesisFlow.FlowLogs.Tests.Output;
using KinesisFlow.FlowLogs.Tests.Support;

namespace KinesisFlow.FlowLogs.Tests.Decoding;

/// <summary>Exact json output, written by hand from the AWS documentation, for every field of every version and of Transit Gateway logs.</summary>
public sealed class GoldenJsonTests
{
    private const string CloudWatch = "\"cloudwatch\":{\"log_group\":\"/vpc/test\",\"log_stream\":\"eni-1235b8ca123456789-all\",\"owner\":\"123456789010\",\"event_id\":\"1\",\"timestamp\":1000}";

    [Fact]
    public void Default_v2_accept_record()
    {
        var json = DecodeOne(
            FlowLogFormat.DefaultV2,
            "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK");
        Assert.Equal(
            "{\"version\":2,\"account_id\":\"123456789010\",\"interface_id\":\"eni-1235b8ca123456789\",\"srcaddr\":\"172.31.16.139\",\"dstaddr\":\"172.31.16.21\",\"srcport\":20641,\"dstport\":22,\"protocol\":6,\"packets\":20,\"bytes\":4249,\"start\":1418530010,\"end\":1418530070,\"action\":\"ACCEPT\",\"log_status\":\"OK\","
            + CloudWatch + "}",
            json);
    }

    [Fact]
    public void Nodata_and_skipdata_records_leave_dash_fields_out()
    {
        var collector = Records.Decode(
            FlowLogFormat.DefaultV2,
            Records.Data(
                "2 123456789010 eni-1235b8ca123456789 - - - - - - - 1431280876 1431280934 - NODATA",
                "2 123456789010 eni-11111111aaaaaaaaa - - - - - - - 1431280876 1431280934 - SKIPDATA"));
        Assert.Empty(collector.DeadLetters);
        Assert.Equal(
            "{\"version\":2,\"account_id\":\"123456789010\",\"interface_id\":\"eni-1235b8ca123456789\",\"start\":1431280876,\"end\":1431280934,\"log_status\":\"NODATA\","
            + CloudWatch + "}",
            collector.Outputs[0]);
        Assert.StartsWith(
            "{\"version\":2,\"account_id\":\"123456789010\",\"interface_id\":\"eni-11111111aaaaaaaaa\",\"start\":1431280876,\"end\":1431280934,\"log_status\":\"SKIPDATA\",\"cloudwatch\":",
            collector.Outputs[1],
            StringComparison.Ordinal);
    }

    [Fact]
    public void Ipv6_addresses_stay_strings()
    {
        var json = DecodeOne(
            FlowLogFormat.Parse("srcaddr dstaddr srcport"),
            "2001:db8:1234:a100:8d6e:3477:df66:f105 2001:db8:1234:a102:3304:8879:34cf:4071 34892");
        Assert.StartsWith(
            "{\"srcaddr\":\"2001:db8:1234:a100:8d6e:3477:df66:f105\",\"dstaddr\":\"2001:db8:1234:a102:3304:8879:34cf:4071\",\"srcport\":34892,\"cloudwatch\":",
            json,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Every_vpc_field_of_every_version_in_one_custom_format()
    {
        var format = EcsOcsfSamples.EveryVpcField;
        var line = "8 012345678901 eni-0a1b2c3d4e5f60718 10.0.1.5 10.0.2.9 443 49152 6 4294967297 9223372036854775807 1700000000 1700000060 REJECT OK"
            + " vpc-0a1b2c3d4e5f60718 subnet-0a1b2c3d4e5f60718 i-0a1b2c3d4e5f60718 19 IPv4 203.0.113.5 10.0.2.9"
            + " eu-west-3 euw3-az1 wavelength wlz-0a1b2c3d4e5f60718"
            + " S3 - ingress 1"
            + " arn:aws:ecs:eu-west-3:012345678901:cluster/prod prod arn:aws:ecs:eu-west-3:012345678901:container-instance/prod/abc123 abc123 0123abcd"
            + " 4567ef web arn:aws:ecs:eu-west-3:012345678901:task-definition/web:7 arn:aws:ecs:eu-west-3:012345678901:task/prod/fedcba fedcba"
            + " BPA vpce-0a1b2c3d4e5f60718 3";
        Assert.Equal(
            "{\"version\":8,\"account_id\":\"012345678901\",\"interface_id\":\"eni-0a1b2c3d4e5f60718\",\"srcaddr\":\"10.0.1.5\",\"dstaddr\":\"10.0.2.9\",\"srcport\":443,\"dstport\":49152,\"protocol\":6,\"packets\":4294967297,\"bytes\":9223372036854775807,\"start\":1700000000,\"end\":1700000060,\"action\":\"REJECT\",\"log_status\":\"OK\","
            + "\"vpc_id\":\"vpc-0a1b2c3d4e5f60718\",\"subnet_id\":\"subnet-0a1b2c3d4e5f60718\",\"instance_id\":\"i-0a1b2c3d4e5f60718\",\"tcp_flags\":19,\"type\":\"IPv4\",\"pkt_srcaddr\":\"203.0.113.5\",\"pkt_dstaddr\":\"10.0.2.9\","
            + "\"region\":\"eu-west-3\",\"az_id\":\"euw3-az1\",\"sublocation_type\":\"wavelength\",\"sublocation_id\":\"wlz-0a1b2c3d4e5f60718\","
            + "\"pkt_src_aws_service\":\"S3\",\"flow_direction\":\"ingress\",\"traffic_path\":1,"
            + "\"ecs_cluster_arn\":\"arn:aws:ecs:eu-west-3:012345678901:cluster/prod\",\"ecs_cluster_name\":\"prod\",\"ecs_container_instance_arn\":\"arn:aws:ecs:eu-west-3:012345678901:container-instance/prod/abc123\",\"ecs_container_instance_id\":\"abc123\",\"ecs_container_id\":\"0123abcd\","
            + "\"ecs_second_container_id\":\"4567ef\",\"ecs_service_name\":\"web\",\"ecs_task_definition_arn\":\"arn:aws:ecs:eu-west-3:012345678901:task-definition/web:7\",\"ecs_task_arn\":\"arn:aws:ecs:eu-west-3:012345678901:task/prod/fedcba\",\"ecs_task_id\":\"fedcba\","
            + "\"reject_reason\":\"BPA\",\"resource_id\":\"vpce-0a1b2c3d4e5f60718\",\"encryption_status\":3,"
            + CloudWatch + "}",
            DecodeOne(format, line));
    }

    [Fact]
    public void Every_transit_gateway_field_in_the_default_order()
    {
        var line = "6 TransitGatewayAttachment 123456789012 tgw-0123456789abcdef0 tgw-attach-0123456789abcdef1 123456789012 210987654321"
            + " vpc-0aaaaaaaaaaaaaaa1 vpc-0bbbbbbbbbbbbbbb2 subnet-0aaaaaaaaaaaaaaa1 subnet-0bbbbbbbbbbbbbbb2 eni-0aaaaaaaaaaaaaaa1 eni-0bbbbbbbbbbbbbbb2"
            + " use1-az1 use1-az2 tgw-attach-0fedcba9876543210 10.0.0.10 10.1.0.20 49152 443 6 10 8400 1700000000 1700000060 OK IPv4 0 1 2 3 19"
            + " us-east-1 egress - S3";
        Assert.Equal(
            "{\"version\":6,\"resource_type\":\"TransitGatewayAttachment\",\"account_id\":\"123456789012\",\"tgw_id\":\"tgw-0123456789abcdef0\",\"tgw_attachment_id\":\"tgw-attach-0123456789abcdef1\",\"tgw_src_vpc_account_id\":\"123456789012\",\"tgw_dst_vpc_account_id\":\"210987654321\","
            + "\"tgw_src_vpc_id\":\"vpc-0aaaaaaaaaaaaaaa1\",\"tgw_dst_vpc_id\":\"vpc-0bbbbbbbbbbbbbbb2\",\"tgw_src_subnet_id\":\"subnet-0aaaaaaaaaaaaaaa1\",\"tgw_dst_subnet_id\":\"subnet-0bbbbbbbbbbbbbbb2\",\"tgw_src_eni\":\"eni-0aaaaaaaaaaaaaaa1\",\"tgw_dst_eni\":\"eni-0bbbbbbbbbbbbbbb2\","
            + "\"tgw_src_az_id\":\"use1-az1\",\"tgw_dst_az_id\":\"use1-az2\",\"tgw_pair_attachment_id\":\"tgw-attach-0fedcba9876543210\",\"srcaddr\":\"10.0.0.10\",\"dstaddr\":\"10.1.0.20\",\"srcport\":49152,\"dstport\":443,\"protocol\":6,\"packets\":10,\"bytes\":8400,\"start\":1700000000,\"end\":1700000060,\"log_status\":\"OK\",\"type\":\"IPv4\","
            + "\"packets_lost_no_route\":0,\"packets_lost_blackhole\":1,\"packets_lost_mtu_exceeded\":2,\"packets_lost_ttl_expired\":3,\"tcp_flags\":19,"
            + "\"region\":\"us-east-1\",\"flow_direction\":\"egress\",\"pkt_dst_aws_service\":\"S3\","
            + CloudWatch + "}",
            DecodeOne(FlowLogFormat.TransitGatewayDefault, line));
    }

    [Fact]
    public void Numbers_lose_leading_zeros_json_forbids_while_identifiers_keep_them()
    {
        var json = DecodeOne(FlowLogFormat.Parse("account-id srcport packets"), "000000000042 0080 000");
        Assert.StartsWith("{\"account_id\":\"000000000042\",\"srcport\":80,\"packets\":0,", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Kinesis_context_is_added_when_the_record_has_one()
    {
        var collector = Records.Decode(
            FlowLogFormat.Parse("version"),
            Records.Data("2"),
            new KinesisRecordContext("shardId-000000000007", "49590338271490256608559692538361571095921575989136588898"));
        Assert.Equal(
            "{\"version\":2," + CloudWatch
            + ",\"kinesis\":{\"shard_id\":\"shardId-000000000007\",\"sequence_number\":\"49590338271490256608559692538361571095921575989136588898\"}}",
            collector.Outputs[0]);
    }

    [Fact]
    public void Raw_output_is_the_line_as_received()
    {
        const string line = "3 vpc-abcdefab012345678 subnet-aaaaaaaa012345678 i-01234567890123456 eni-1235b8ca123456789 123456789010 IPv4 10.0.0.62 52.213.180.42 5001 43638  10.0.0.62 52.213.180.42 6 967 14 1566933133 1566933193 ACCEPT 19 OK";
        var format = FlowLogFormat.Parse("version vpc-id subnet-id instance-id interface-id account-id type srcaddr dstaddr srcport dstport pkt-srcaddr pkt-dstaddr protocol bytes packets start end action tcp-flags log-status");
        using var decoder = new FlowRecordDecoder(format);
        var collector = new DecodeCollector(new KinesisFlow.FlowLogs.Output.RawFlowRecordWriter());
        decoder.Decode(Records.Data(line), collector, collector);
        Assert.Equal([line], collector.Outputs);
    }

    private static string DecodeOne(FlowLogFormat format, string line)
    {
        var collector = Records.Decode(format, Records.Data(line));
        Assert.Empty(collector.DeadLetters);
        return Assert.Single(collector.Outputs);
    }
}
