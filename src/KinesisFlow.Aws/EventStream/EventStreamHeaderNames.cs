namespace KinesisFlow.Aws.EventStream;

/// <summary>The headers AWS's event streams carry (the leading colon is part of the name).</summary>
public static class EventStreamHeaderNames
{
    /// <summary>"event", "exception" (a modelled error, e.g. ResourceNotFoundException) or "error" (an unmodelled one).</summary>
    public const string MessageType = ":message-type";

    /// <summary>For events: the event's name, e.g. "SubscribeToShardEvent" or "initial-response".</summary>
    public const string EventType = ":event-type";

    /// <summary>For exceptions: the error's name, e.g. "ResourceNotFoundException".</summary>
    public const string ExceptionType = ":exception-type";

    /// <summary>For errors: the error code.</summary>
    public const string ErrorCode = ":error-code";

    /// <summary>For errors: the error message.</summary>
    public const string ErrorMessage = ":error-message";

    /// <summary>The payload's media type, e.g. "application/json".</summary>
    public const string ContentType = ":content-type";
}
