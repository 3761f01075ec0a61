namespace KinesisFlow.Leases.DynamoDb;

/// <summary>The lease table cannot be used as configured (missing, wrong key schema, never became active): a start-up error.</summary>
public sealed class LeaseTableException : Exception
{
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
