namespace KinesisFlow.FlowLogs.Generation;

/// <summary>A network interface of the simulated estate, with the identifiers its flow lines repeat.</summary>
internal sealed record GeneratedInterface(
    string AccountId,
    string InterfaceId,
    string VpcId,
    string SubnetId,
    string InstanceId,
    string Region,
    string AzId,
    string PrivateIpv4,
    string Ipv6);
