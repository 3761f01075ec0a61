using System.Globalization;

namespace KinesisFlow.FlowLogs.Generation;

/// <summary>One simulated flow (an aggregation interval of one connection), able to print any field of it.</summary>
internal sealed class GeneratedFlow
{
    private GeneratedFlow(GeneratedInterface eni, string logStatus)
    {
        Eni = eni;
        LogStatus = logStatus;
    }

    private GeneratedInterface Eni { get; }

    private string LogStatus { get; }

    private bool HasTraffic => LogStatus == "OK";

    private string? Source { get; init; }

    private string? Destination { get; init; }

    private int SourcePort { get; init; }

    private int DestinationPort { get; init; }

    private int Protocol { get; init; }

    private long Packets { get; init; }

    private long Bytes { get; init; }

    private long Start { get; init; }

    private long End { get; init; }

    private bool Reject { get; init; }

    private bool Ingress { get; init; }

    private bool Ipv6 { get; init; }

    public static GeneratedFlow Create(Random random, GeneratedInterface eni, GeneratedInterface[] estate, FlowLogGeneratorOptions options, long clock)
    {
        var roll = random.NextDouble();
        var status = roll < options.NoDataRatio ? "NODATA" : roll < options.NoDataRatio * 1.5 ? "SKIPDATA" : "OK";
        var ipv6 = random.NextDouble() < options.Ipv6Ratio;
        var ingress = random.Next(2) == 0;
        var local = ipv6 ? eni.Ipv6 : eni.PrivateIpv4;
        var remote = RemoteAddress(random, estate, ipv6);
        var protocol = random.Next(20) switch { 0 => 1, < 6 => 17, _ => 6 };
        var servicePort = FlowLogGenerator.PickWellKnownPort(random);
        var ephemeralPort = random.Next(32768, 65536);
        var packets = (long)random.Next(1, 20_000);

        // About one flow in a hundred moves more than 4 GiB, so 64-bit counts are exercised.
        var bytes = random.Next(100) == 0 ? 4_294_967_296L + random.Next() : packets * random.Next(40, 1501);
        var start = clock - random.Next(0, 60);
        return new GeneratedFlow(eni, status)
        {
            Ipv6 = ipv6,
            Ingress = ingress,
            Source = ingress ? remote : local,
            Destination = ingress ? local : remote,
            SourcePort = protocol == 1 ? 0 : ingress ? ephemeralPort : servicePort,
            DestinationPort = protocol == 1 ? 0 : ingress ? servicePort : ephemeralPort,
            Protocol = protocol,
            Packets = packets,
            Bytes = bytes,
            Start = start,
            End = start + 60,
            Reject = random.NextDouble() < options.RejectRatio,
        };
    }

    /// <summary>The field's text, or null for <c>-</c>.</summary>
    public string? Value(FlowField field, FlowLogFormat format, Random random) => field switch
    {
        FlowField.Version => Number(Version(format)),
        FlowField.AccountId => Eni.AccountId,
        FlowField.InterfaceId => Eni.InterfaceId,
        FlowField.VpcId => Eni.VpcId,
        FlowField.SubnetId => Eni.SubnetId,
        FlowField.InstanceId => Eni.InstanceId == "-" ? null : Eni.InstanceId,
        FlowField.Region => Eni.Region,
        FlowField.AzId => Eni.AzId,
        FlowField.Start => Number(Start),
        FlowField.End => Number(End),
        FlowField.LogStatus => LogStatus,
        _ when !HasTraffic => null,
        _ => TrafficValue(field, random),
    };

    private string? TrafficValue(FlowField field, Random random) => field switch
    {
        FlowField.SrcAddr or FlowField.PktSrcAddr => Source,
        FlowField.DstAddr or FlowField.PktDstAddr => Destination,
        FlowField.SrcPort => Number(SourcePort),
        FlowField.DstPort => Number(DestinationPort),
        FlowField.Protocol => Number(Protocol),
        FlowField.Packets => Number(Packets),
        FlowField.Bytes => Number(Bytes),
        FlowField.Action => Reject ? "REJECT" : "ACCEPT",
        FlowField.TcpFlags => Number(Protocol == 6 ? FlowLogGenerator.PickTcpFlags(random) : 0),
        FlowField.Type => Ipv6 ? "IPv6" : "IPv4",
        FlowField.SublocationType or FlowField.SublocationId => null,
        FlowField.PktSrcAwsService => Ingress && random.Next(4) == 0 ? FlowLogGenerator.PickService(random) : null,
        FlowField.PktDstAwsService => !Ingress && random.Next(4) == 0 ? FlowLogGenerator.PickService(random) : null,
        FlowField.FlowDirection => Ingress ? "ingress" : "egress",
        FlowField.TrafficPath => Ingress ? null : Number(random.Next(1, 9)),
        FlowField.EcsClusterArn => Ecs($"arn:aws:ecs:{Eni.Region}:{Eni.AccountId}:cluster/payments"),
        FlowField.EcsClusterName => Ecs("payments"),
        FlowField.EcsContainerInstanceArn => Ecs($"arn:aws:ecs:{Eni.Region}:{Eni.AccountId}:container-instance/payments/0c3d2a1b9e8f7a6b5c4d3e2f1a0b9c8d"),
        FlowField.EcsContainerInstanceId => Ecs("0c3d2a1b9e8f7a6b5c4d3e2f1a0b9c8d"),
        FlowField.EcsContainerId => Ecs("3b2a1c0d9e8f7a6b5c4d3e2f1a0b9c8d3b2a1c0d9e8f7a6b5c4d3e2f1a0b9c8d"),
        FlowField.EcsSecondContainerId => null,
        FlowField.EcsServiceName => Ecs("checkout"),
        FlowField.EcsTaskDefinitionArn => Ecs($"arn:aws:ecs:{Eni.Region}:{Eni.AccountId}:task-definition/checkout:42"),
        FlowField.EcsTaskArn => Ecs($"arn:aws:ecs:{Eni.Region}:{Eni.AccountId}:task/payments/5f4e3d2c1b0a49f8e7d6c5b4a3928170"),
        FlowField.EcsTaskId => Ecs("5f4e3d2c1b0a49f8e7d6c5b4a3928170"),
        FlowField.RejectReason => Reject && random.Next(3) == 0 ? "BPA" : null,
        FlowField.ResourceId => Eni.InstanceId == "-" ? "nat-0a1b2c3d4e5f60718" : null,
        FlowField.EncryptionStatus => Number(random.Next(0, 4)),
        FlowField.ResourceType => "TransitGatewayAttachment",
        FlowField.TgwId => "tgw-0123456789abcdef0",
        FlowField.TgwAttachmentId => "tgw-attach-0123456789abcdef1",
        FlowField.TgwSrcVpcAccountId or FlowField.TgwDstVpcAccountId => Eni.AccountId,
        FlowField.TgwSrcVpcId or FlowField.TgwDstVpcId => Eni.VpcId,
        FlowField.TgwSrcSubnetId or FlowField.TgwDstSubnetId => Eni.SubnetId,
        FlowField.TgwSrcEni or FlowField.TgwDstEni => Eni.InterfaceId,
        FlowField.TgwSrcAzId or FlowField.TgwDstAzId => Eni.AzId,
        FlowField.TgwPairAttachmentId => "tgw-attach-0fedcba9876543210",
        FlowField.PacketsLostNoRoute or FlowField.PacketsLostBlackhole
            or FlowField.PacketsLostMtuExceeded or FlowField.PacketsLostTtlExpired => Number(random.Next(50) == 0 ? random.Next(1, 100) : 0),
        // A field AWS added after this version: some opaque token, as such fields are.
        FlowField.Unknown => random.Next(4) == 0 ? null : $"new-{random.Next(1000)}",
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "No generator for this field."),
    };

    private string? Ecs(string value) => Eni.InstanceId == "-" ? null : value;

    // The version a flow log reports is the highest version among the fields of its format.
    private static int Version(FlowLogFormat format)
    {
        var version = 2;
        foreach (var field in format.Fields)
        {
            version = Math.Max(version, field switch
            {
                FlowField.Unknown => 2,
                >= FlowField.ResourceType => 6,
                >= FlowField.RejectReason => 8,
                >= FlowField.EcsClusterArn => 7,
                >= FlowField.PktSrcAwsService => 5,
                >= FlowField.Region => 4,
                >= FlowField.VpcId => 3,
                _ => 2,
            });
        }

        return version;
    }

    private static string RemoteAddress(Random random, GeneratedInterface[] estate, bool ipv6)
    {
        if (random.Next(3) == 0)
        {
            var peer = estate[random.Next(estate.Length)];
            return ipv6 ? peer.Ipv6 : peer.PrivateIpv4;
        }

        return ipv6
            ? $"2a05:d018:{random.Next(0, 65536):x}:{random.Next(0, 65536):x}::{random.Next(1, 65536):x}"
            : $"{random.Next(1, 224)}.{random.Next(0, 256)}.{random.Next(0, 256)}.{random.Next(1, 255)}";
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
