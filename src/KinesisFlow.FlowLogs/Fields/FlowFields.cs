namespace KinesisFlow.FlowLogs;

/// <summary>The catalogue of every known flow log field, indexed by <see cref="FlowField"/> and by AWS name.</summary>
public static class FlowFields
{
    private static readonly FlowFieldInfo[] Infos = Build();
    private static readonly Dictionary<string, FlowField> ByName = BuildNameIndex();
    private static readonly Dictionary<string, FlowField>.AlternateLookup<ReadOnlySpan<char>> ByNameSpan =
        ByName.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The number of known fields.</summary>
    public static int Count => Infos.Length;

    /// <summary>The size of a table indexed by <see cref="FlowField"/>: every known field and <see cref="FlowField.Unknown"/>.</summary>
    public static int TableSize => Infos.Length + 1;

    /// <summary>Every field, in <see cref="FlowField"/> order.</summary>
    public static IReadOnlyList<FlowFieldInfo> All => Infos;

    public static FlowFieldInfo Info(FlowField field) => Infos[(int)field];

    /// <summary>
    /// Looks a field up by its AWS name (<c>pkt-srcaddr</c>) or its underscore spelling (<c>pkt_srcaddr</c>, as
    /// several tools write it); names are case-sensitive, as AWS writes them.
    /// </summary>
    public static bool TryFind(ReadOnlySpan<char> awsName, out FlowField field) => ByNameSpan.TryGetValue(awsName, out field);

    private static FlowFieldInfo[] Build()
    {
        const FlowValueKind S = FlowValueKind.String;
        const FlowValueKind I32 = FlowValueKind.Int32;
        const FlowValueKind I64 = FlowValueKind.Int64;
        FlowFieldInfo[] infos =
        [
            Vpc(FlowField.Version, "version", I32),
            Vpc(FlowField.AccountId, "account-id", S),
            Vpc(FlowField.InterfaceId, "interface-id", S),
            Vpc(FlowField.SrcAddr, "srcaddr", S),
            Vpc(FlowField.DstAddr, "dstaddr", S),
            Vpc(FlowField.SrcPort, "srcport", I32),
            Vpc(FlowField.DstPort, "dstport", I32),
            Vpc(FlowField.Protocol, "protocol", I32),
            Vpc(FlowField.Packets, "packets", I64),
            Vpc(FlowField.Bytes, "bytes", I64),
            Vpc(FlowField.Start, "start", I64),
            Vpc(FlowField.End, "end", I64),
            Vpc(FlowField.Action, "action", S),
            Vpc(FlowField.LogStatus, "log-status", S),
            Vpc(FlowField.VpcId, "vpc-id", S),
            Vpc(FlowField.SubnetId, "subnet-id", S),
            Vpc(FlowField.InstanceId, "instance-id", S),
            Vpc(FlowField.TcpFlags, "tcp-flags", I32),
            Vpc(FlowField.Type, "type", S),
            Vpc(FlowField.PktSrcAddr, "pkt-srcaddr", S),
            Vpc(FlowField.PktDstAddr, "pkt-dstaddr", S),
            Vpc(FlowField.Region, "region", S),
            Vpc(FlowField.AzId, "az-id", S),
            Vpc(FlowField.SublocationType, "sublocation-type", S),
            Vpc(FlowField.SublocationId, "sublocation-id", S),
            Vpc(FlowField.PktSrcAwsService, "pkt-src-aws-service", S),
            Vpc(FlowField.PktDstAwsService, "pkt-dst-aws-service", S),
            Vpc(FlowField.FlowDirection, "flow-direction", S),
            Vpc(FlowField.TrafficPath, "traffic-path", I32),
            Vpc(FlowField.EcsClusterArn, "ecs-cluster-arn", S),
            Vpc(FlowField.EcsClusterName, "ecs-cluster-name", S),
            Vpc(FlowField.EcsContainerInstanceArn, "ecs-container-instance-arn", S),
            Vpc(FlowField.EcsContainerInstanceId, "ecs-container-instance-id", S),
            Vpc(FlowField.EcsContainerId, "ecs-container-id", S),
            Vpc(FlowField.EcsSecondContainerId, "ecs-second-container-id", S),
            Vpc(FlowField.EcsServiceName, "ecs-service-name", S),
            Vpc(FlowField.EcsTaskDefinitionArn, "ecs-task-definition-arn", S),
            Vpc(FlowField.EcsTaskArn, "ecs-task-arn", S),
            Vpc(FlowField.EcsTaskId, "ecs-task-id", S),
            Vpc(FlowField.RejectReason, "reject-reason", S),
            Vpc(FlowField.ResourceId, "resource-id", S),
            // 0 cleartext, 1 Nitro-encrypted, 2 TLS, 3 both: a small code, so a number.
            Vpc(FlowField.EncryptionStatus, "encryption-status", I32),
            Tgw(FlowField.ResourceType, "resource-type", S),
            Tgw(FlowField.TgwId, "tgw-id", S),
            Tgw(FlowField.TgwAttachmentId, "tgw-attachment-id", S),
            Tgw(FlowField.TgwSrcVpcAccountId, "tgw-src-vpc-account-id", S),
            Tgw(FlowField.TgwDstVpcAccountId, "tgw-dst-vpc-account-id", S),
            Tgw(FlowField.TgwSrcVpcId, "tgw-src-vpc-id", S),
            Tgw(FlowField.TgwDstVpcId, "tgw-dst-vpc-id", S),
            Tgw(FlowField.TgwSrcSubnetId, "tgw-src-subnet-id", S),
            Tgw(FlowField.TgwDstSubnetId, "tgw-dst-subnet-id", S),
            Tgw(FlowField.TgwSrcEni, "tgw-src-eni", S),
            Tgw(FlowField.TgwDstEni, "tgw-dst-eni", S),
            Tgw(FlowField.TgwSrcAzId, "tgw-src-az-id", S),
            Tgw(FlowField.TgwDstAzId, "tgw-dst-az-id", S),
            Tgw(FlowField.TgwPairAttachmentId, "tgw-pair-attachment-id", S),
            Tgw(FlowField.PacketsLostNoRoute, "packets-lost-no-route", I64),
            Tgw(FlowField.PacketsLostBlackhole, "packets-lost-blackhole", I64),
            Tgw(FlowField.PacketsLostMtuExceeded, "packets-lost-mtu-exceeded", I64),
            Tgw(FlowField.PacketsLostTtlExpired, "packets-lost-ttl-expired", I64),
        ];

        for (var i = 0; i < infos.Length; i++)
        {
            if ((int)infos[i].Field != i)
            {
                throw new InvalidOperationException($"Field table out of order at {infos[i].AwsName}.");
            }
        }

        return infos;
    }

    private static FlowFieldInfo Vpc(FlowField field, string name, FlowValueKind kind) => new(field, name, kind, isTransitGatewayOnly: false);

    private static FlowFieldInfo Tgw(FlowField field, string name, FlowValueKind kind) => new(field, name, kind, isTransitGatewayOnly: true);

    private static Dictionary<string, FlowField> BuildNameIndex()
    {
        var index = new Dictionary<string, FlowField>(Infos.Length, StringComparer.Ordinal);
        foreach (var info in Infos)
        {
            index.Add(info.AwsName, info.Field);
            index.TryAdd(info.Key, info.Field);
        }

        return index;
    }
}
