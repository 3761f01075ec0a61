namespace KinesisFlow.Aws.EventStream;

/// <summary>The bytes are not a valid event stream; <see cref="Error"/> says how. The stream cannot be read further.</summary>
public sealed class EventStreamFormatException : Exception
{
    public EventStreamFormatException()
    {
    }

    public EventStreamFormatException(string message)
        : base(message)
    {
    }

    public EventStreamFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public EventStreamFormatException(EventStreamFormatError error, string message)
        : base(message)
    {
        Error = error;
    }

    public EventStreamFormatError Error { get; }
}
