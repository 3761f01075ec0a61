namespace KinesisFlow.Cli;

/// <summary>A mistake in how <c>decode</c> was called (options, unreadable input): one line on stderr, exit code 2.</summary>
internal sealed class DecodeUsageException : Exception
{
    public DecodeUsageException()
    {
    }

    public DecodeUsageException(string message)
        : base(message)
    {
    }

    public DecodeUsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
