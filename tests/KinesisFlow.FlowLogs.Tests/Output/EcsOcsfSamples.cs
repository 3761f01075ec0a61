using KinesisFlow.FlowLogs.Output;
using KinesisFlow.FlowLogs.Tests.Support;

namespace KinesisFlow.FlowLogs.Tests.Output;

/// <summary>
/// Flow records covering every field of every version and of Transit Gateway logs, accepted, rejected, NODATA,
/// SKIPDATA, IPv6 and NAT (packet address differing from the interface's), for the ecs, ocsf and sekoia writers.
/// </summary>
internal static class EcsOcsfSamples
{
    public const string ShardId = "shardId-000000000001";
    public const string SequenceNumber = "49590338271490256608559692538361571095921575989136588898";

    /// <summary>The <c>kinesis</c> object the ecs and ocsf writers put in each sample's output.</summary>
    public const string KinesisJson = "\"kinesis\":{\"shard_id\":\"" + ShardId + "\",\"sequence_number\":\"" + SequenceNumber + "\"}";

    public const string V2Accept = "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK";
    public const string V2Reject = "2 123456789010 eni-1235b8ca123456789 172.31.9.69 172.31.9.12 49761 3389 6 20 4249 1418530010 1418530070 REJECT OK";
    public const string V2NoData = "2 123456789010 eni-1235b8ca123456789 - - - - - - - 1431280876 1431280934 - NODATA";
    public const string V2SkipData = "2 123456789010 eni-11111111aaaaaaaaa - - - - - - - 1431280876 1431280934 - SKIPDATA";
    public const string V2Ipv6 = "2 123456789010 eni-1235b8ca123456789 2001:db8:1234:a100:8d6e:3477:df66:f105 2001:db8:1234:a102:3304:8879:34cf:4071 34892 22 6 54 8855 1477913708 1477913820 ACCEPT OK";
    public const string V2Icmp = "2 123456789010 eni-1235b8ca123456789 203.0.113.12 172.31.16.139 0 0 1 4 336 1432917027 1432917142 ACCEPT OK";

    /// <summary>Egress through a NAT gateway: the interface address (srcaddr) differs from the packet's (pkt-srcaddr).</summary>
    public const string V5NatEgress =
        "5 123456789012 eni-0a1b2c3d4e5f60718 10.40.2.236 203.0.113.5 49152 443 6 12 3120 1616729292 1616729349 ACCEPT OK"
        + " vpc-0a1b2c3d4e5f60718 subnet-0a1b2c3d4e5f60718 - 19 IPv4 10.40.1.175 203.0.113.5"
        + " us-east-1 use1-az1 outpost op-0a1b2c3d4e5f60718 - S3 egress 8";

    /// <summary>A version 5 NODATA record: no address, but the interface, VPC, subnet and instance are known.</summary>
    public const string V5NoData =
        "5 123456789012 eni-0a1b2c3d4e5f60718 - - - - - - - 1616729292 1616729349 - NODATA"
        + " vpc-0a1b2c3d4e5f60718 subnet-0a1b2c3d4e5f60718 i-0a1b2c3d4e5f60718 - - - -"
        + " us-east-1 use1-az1 - - - - ingress -";

    /// <summary>Every VPC field through encryption-status, in a custom order: ingress, rejected, Amazon ECS task.</summary>
    public static readonly FlowLogFormat EveryVpcField = FlowLogFormat.Parse(
        "${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}"
        + " ${vpc-id} ${subnet-id} ${instance-id} ${tcp-flags} ${type} ${pkt-srcaddr} ${pkt-dstaddr}"
        + " ${region} ${az-id} ${sublocation-type} ${sublocation-id}"
        + " ${pkt-src-aws-service} ${pkt-dst-aws-service} ${flow-direction} ${traffic-path}"
        + " ${ecs-cluster-arn} ${ecs-cluster-name} ${ecs-container-instance-arn} ${ecs-container-instance-id} ${ecs-container-id}"
        + " ${ecs-second-container-id} ${ecs-service-name} ${ecs-task-definition-arn} ${ecs-task-arn} ${ecs-task-id}"
        + " ${reject-reason} ${resource-id} ${encryption-status}");

    public const string EveryVpcFieldLine =
        "8 123456789012 eni-0f1e2d3c4b5a69788 198.51.100.7 10.0.1.25 51234 8080 17 3 180 1700000000 1700000060 REJECT OK"
        + " vpc-0f1e2d3c4b5a69788 subnet-0f1e2d3c4b5a69788 i-0f1e2d3c4b5a69788 0 IPv4 198.51.100.7 10.0.1.99"
        + " eu-west-1 euw1-az2 wavelength wlz-0f1e2d3c4b5a6 - - ingress 1"
        + " arn:aws:ecs:eu-west-1:123456789012:cluster/web web arn:aws:ecs:eu-west-1:123456789012:container-instance/web/0abc 0abc c1"
        + " c2 frontend arn:aws:ecs:eu-west-1:123456789012:task-definition/frontend:7 arn:aws:ecs:eu-west-1:123456789012:task/web/0def 0def"
        + " BPA eni-0f1e2d3c4b5a69788 2";

    public const string TransitGateway =
        "6 TransitGateway 123456789012 tgw-0a1b2c3d4e5f60718 tgw-attach-0a1b2c3d4e5f6071 123456789012 210987654321 vpc-0a1b2c3d vpc-0b2c3d4e"
        + " subnet-0a1b2c3d subnet-0b2c3d4e eni-0a1b2c3d4e5f60718 eni-0b2c3d4e5f6071829 use1-az1 use1-az2 tgw-attach-0b2c3d4e5f6071"
        + " 10.0.0.5 10.1.0.7 40000 5432 6 10 1000 1659326400 1659326460 OK IPv4 0 0 0 1 3 us-east-1 egress - -";

    /// <summary>Every sample with its format.</summary>
    public static IEnumerable<(FlowLogFormat Format, string Line)> All()
    {
        foreach (var line in new[] { V2Accept, V2Reject, V2NoData, V2SkipData, V2Ipv6, V2Icmp })
        {
            yield return (FlowLogFormat.DefaultV2, line);
        }

        yield return (FlowLogFormat.DefaultV2WithV5Fields, V5NatEgress);
        yield return (FlowLogFormat.DefaultV2WithV5Fields, V5NoData);
        yield return (EveryVpcField, EveryVpcFieldLine);
        yield return (FlowLogFormat.TransitGatewayDefault, TransitGateway);
    }

    /// <summary>Decodes <paramref name="lines"/> as one record of the test log group and writes each with <paramref name="writer"/>.</summary>
    public static List<string> Write(IFlowRecordWriter writer, FlowLogFormat format, params string[] lines)
    {
        using var decoder = new FlowRecordDecoder(format);
        var collector = new DecodeCollector(writer);
        decoder.Decode(Records.Data(lines), collector, collector, new KinesisRecordContext(ShardId, SequenceNumber));
        Assert.Empty(collector.DeadLetters);
        return collector.Outputs;
    }

    /// <summary>The one event <paramref name="writer"/> writes for <paramref name="line"/>.</summary>
    public static string WriteOne(IFlowRecordWriter writer, FlowLogFormat format, string line) =>
        Assert.Single(Write(writer, format, line));
}
