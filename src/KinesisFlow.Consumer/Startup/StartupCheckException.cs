namespace KinesisFlow.Consumer.Startup;

/// <summary>A start-up check failed: the message says what is wrong and which setting or flag to look at.</summary>
public sealed class StartupCheckException : Exception
{
    public StartupCheckException()
    {
    }

    public StartupCheckException(string message)
        : base(message)
    {
    }

    public StartupCheckException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
