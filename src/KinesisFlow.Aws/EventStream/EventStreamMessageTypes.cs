namespace KinesisFlow.Aws.EventStream;

/// <summary>Values of <see cref="EventStreamHeaderNames.MessageType"/>.</summary>
public static class EventStreamMessageTypes
{
    public const string Event = "event";
    public const string Exception = "exception";
    public const string Error = "error";
}
