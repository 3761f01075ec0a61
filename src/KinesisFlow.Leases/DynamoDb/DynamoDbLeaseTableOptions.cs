namespace KinesisFlow.Leases.DynamoDb;

/// <summary>The lease table (configuration section <c>LeaseTable</c>).</summary>
public sealed class DynamoDbLeaseTableOptions
{
    public const string SectionName = "LeaseTable";

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
            errors.Add($"{SectionName}:TableName '{TableName}' must be 3-255 characters of letters, digits, '_', '-' and '.'.");
        }

        if (CreateTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{SectionName}:CreateTimeout must be positive (got {CreateTimeout}).");
        }

        return errors;
    }
}
