namespace KinesisFlow.FlowLogs;

/// <summary>A flow log format string that cannot be used: unknown or repeated field, or no field at all.</summary>
public sealed class FlowLogFormatException : FormatException
{
    public FlowLogFormatException()
    {
    }

    public FlowLogFormatException(string message)
        : base(message)
    {
    }

    public FlowLogFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public FlowLogFormatException(string message, string? fieldName)
        : base(message)
    {
        FieldName = fieldName;
    }

    /// <summary>The offending field name as written in the format string, when one field is to blame.</summary>
    public string? FieldName { get; }
}
