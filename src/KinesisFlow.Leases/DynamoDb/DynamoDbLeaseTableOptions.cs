namespace KinesisFlow.Leases.DynamoDb;

/// <summary>
/// How the store opens its table. Not bound to configuration: the consumer fills it from <c>KinesisFlow:Leases</c>
/// (<c>TableName</c>, <c>CreateTable</c>), which its start-up validation checks; this only guards code that builds a
/// store directly.
/// </summary>
public sealed class DynamoDbLeaseTableOptions
{
    /// <summary>The table's name; KCL applications use their application name.</summary>
    public string TableName { get; set; } = "kinesisflow-leases";

    /// <summary>Create the table (on-demand capacity, hash key <c>leaseKey</c>) when it does not exist; otherwise its absence stops the start.</summary>
    public bool CreateIfMissing { get; set; }

    /// <summary>How long to wait for a created table to become ACTIVE.</summary>
    public TimeSpan CreateTimeout { get; set; } = TimeSpan.FromMinutes(2);

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        // DynamoDB's own rule for table names: 3-255 characters of [a-zA-Z0-9_.-].
        if (TableName is not { Length: >= 3 and <= 255 } || TableName.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.')))
        {
            errors.Add($"Lease table name '{TableName}' must be 3-255 characters of letters, digits, '_', '-' and '.'.");
        }

        if (CreateTimeout <= TimeSpan.Zero)
        {
            errors.Add($"Lease table CreateTimeout must be positive (got {CreateTimeout}).");
        }

        return errors;
    }
}
