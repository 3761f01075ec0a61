namespace KinesisFlow.Leases.DynamoDb;

/// <summary>The lease table cannot be used as configured (missing, wrong key schema, never became active): a start-up error.</summary>
public sealed class LeaseTableException : Exception
{
    /// <summary>True when the table does not exist (DynamoDB's ResourceNotFoundException).</summary>
    public bool TableMissing { get; init; }

    public LeaseTableException()
    {
    }

    public LeaseTableException(string message)
        : base(message)
    {
    }

    public LeaseTableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
