namespace KinesisFlow.FlowLogs;

/// <summary>
/// Every field AWS documents for VPC flow logs (versions 2 to the newest) and Transit Gateway flow logs.
/// The numeric value is an index into per-record tables, so the enum is dense and starts at zero;
/// <see cref="Unknown"/>, last, stands for any field not listed here.
/// </summary>
public enum FlowField
{
    // Version 2 (the default format).
    Version,
    AccountId,
    InterfaceId,
    SrcAddr,
    DstAddr,
    SrcPort,
    DstPort,
    Protocol,
    Packets,
    Bytes,
    Start,
    End,
    Action,
    LogStatus,

    // Version 3.
    VpcId,
    SubnetId,
    InstanceId,
    TcpFlags,
    Type,
    PktSrcAddr,
    PktDstAddr,

    // Version 4.
    Region,
    AzId,
    SublocationType,
    SublocationId,

    // Version 5.
    PktSrcAwsService,
    PktDstAwsService,
    FlowDirection,
    TrafficPath,

    // Version 7: Amazon ECS.
    EcsClusterArn,
    EcsClusterName,
    EcsContainerInstanceArn,
    EcsContainerInstanceId,
    EcsContainerId,
    EcsSecondContainerId,
    EcsServiceName,
    EcsTaskDefinitionArn,
    EcsTaskArn,
    EcsTaskId,

    // Version 8 and newer.
    RejectReason,
    ResourceId,
    EncryptionStatus,

    // Transit Gateway flow logs (version 6).
    ResourceType,
    TgwId,
    TgwAttachmentId,
    TgwSrcVpcAccountId,
    TgwDstVpcAccountId,
    TgwSrcVpcId,
    TgwDstVpcId,
    TgwSrcSubnetId,
    TgwDstSubnetId,
    TgwSrcEni,
    TgwDstEni,
    TgwSrcAzId,
    TgwDstAzId,
    TgwPairAttachmentId,
    PacketsLostNoRoute,
    PacketsLostBlackhole,
    PacketsLostMtuExceeded,
    PacketsLostTtlExpired,

    /// <summary>
    /// A field this version does not know (AWS adds fields over time): its values are kept as strings under the name
    /// the format gives it. Not in the <see cref="FlowFields"/> catalogue; <see cref="FlowLogFormat.InfoAt"/> describes it.
    /// </summary>
    Unknown,
}
