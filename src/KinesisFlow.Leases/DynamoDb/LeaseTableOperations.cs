namespace KinesisFlow.Leases.DynamoDb;

/// <summary>Every DynamoDB action the lease store calls, from which the IAM policy is derived (<c>dynamodb:</c> + name).</summary>
public static class LeaseTableOperations
{
    public const string DescribeTable = "DescribeTable";
    public const string CreateTable = "CreateTable";
    public const string Scan = "Scan";
    public const string GetItem = "GetItem";
    public const string PutItem = "PutItem";
    public const string UpdateItem = "UpdateItem";
    public const string DeleteItem = "DeleteItem";

    /// <summary>The worker's read of its own leases through the <c>leaseOwner</c> index.</summary>
    public const string Query = "Query";

    /// <summary>Adds the <c>leaseOwner</c> index to an existing table that lacks it (once; without it workers only scan).</summary>
    public const string UpdateTable = "UpdateTable";

    /// <summary>What a worker needs on the lease table when the table already exists.</summary>
    public static IReadOnlyList<string> Worker { get; } = [DescribeTable, Scan, Query, GetItem, PutItem, UpdateItem, DeleteItem, UpdateTable];

    /// <summary>Everything, including creating the table on demand.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Worker, CreateTable];

    public static string IamAction(string operation) => "dynamodb:" + operation;
}
