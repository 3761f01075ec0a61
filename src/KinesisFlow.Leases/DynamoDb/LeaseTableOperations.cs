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

    /// <summary>What a worker needs on the lease table when the table already exists.</summary>
    public static IReadOnlyList<string> Worker { get; } = [DescribeTable, Scan, GetItem, PutItem, UpdateItem, DeleteItem];

    /// <summary>Everything, including creating the table on demand.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Worker, CreateTable];

    public static string IamAction(string operation) => "dynamodb:" + operation;
}
