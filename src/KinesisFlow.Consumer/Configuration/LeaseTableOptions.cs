namespace KinesisFlow.Consumer.Configuration;

/// <summary>Section <c>Leases</c>: the lease table and this worker's identity in it.</summary>
public sealed class LeaseTableOptions
{
    /// <summary>The DynamoDB table holding one lease per shard (<c>--lease-table</c>); KCL's convention is the application name.</summary>
    public string TableName { get; set; } = "kinesisflow";

    /// <summary>An explicit DynamoDB endpoint (<c>--dynamodb-endpoint-url</c>): a VPC endpoint or a local emulator.</summary>
    public string? EndpointUrl { get; set; }

    /// <summary>This worker's id in the table (<c>--worker-id</c>); the host name and process id when empty.</summary>
    public string? WorkerId { get; set; }

    /// <summary>Create the table (PAY_PER_REQUEST) when it is missing; otherwise a missing table stops the start.</summary>
    public bool CreateTable { get; set; } = true;
}
