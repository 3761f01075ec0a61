namespace KinesisFlow.Aws.EventStream;

/// <summary>
/// One decoded message of an application/vnd.amazon.eventstream body: its headers, in wire order, and its payload.
/// The message owns its payload (a copy), so it stays valid after the reader moves on.
/// </summary>
public sealed class EventStreamMessage
{
    public EventStreamMessage(IReadOnlyList<EventStreamHeader> headers, ReadOnlyMemory<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(headers);
        Headers = headers;
        Payload = payload;
    }

    public IReadOnlyList<EventStreamHeader> Headers { get; }

    public ReadOnlyMemory<byte> Payload { get; }

    /// <summary>":message-type": "event", "exception" or "error" (null if absent).</summary>
    public string? MessageType => GetString(EventStreamHeaderNames.MessageType);

    /// <summary>":event-type", e.g. "SubscribeToShardEvent" (null if absent).</summary>
    public string? EventType => GetString(EventStreamHeaderNames.EventType);

    /// <summary>":exception-type", e.g. "ResourceNotFoundException" (null if absent).</summary>
    public string? ExceptionType => GetString(EventStreamHeaderNames.ExceptionType);

    /// <summary>True for ":message-type" "exception" or "error": the payload (or the :error-* headers) describe a failure.</summary>
    public bool IsFailure => MessageType is EventStreamMessageTypes.Exception or EventStreamMessageTypes.Error;

    /// <summary>The failure's name: ":exception-type" for exceptions, ":error-code" for errors; null for events.</summary>
    public string? FailureCode => MessageType switch
    {
        EventStreamMessageTypes.Exception => ExceptionType,
        EventStreamMessageTypes.Error => GetString(EventStreamHeaderNames.ErrorCode),
        _ => null,
    };

    /// <summary>The first header named <paramref name="name"/>, if any.</summary>
    public bool TryGetHeader(string name, out EventStreamHeaderValue value)
    {
        for (var i = 0; i < Headers.Count; i++)
        {
            if (string.Equals(Headers[i].Name, name, StringComparison.Ordinal))
            {
                value = Headers[i].Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>The string value of header <paramref name="name"/>; null if absent or not a string.</summary>
    public string? GetString(string name) =>
        TryGetHeader(name, out var value) && value.Type == EventStreamHeaderType.String ? value.AsString() : null;

    public override string ToString() =>
        $"{MessageType ?? "?"} {EventType ?? FailureCode ?? "?"} ({Headers.Count} headers, {Payload.Length} payload bytes)";
}
