namespace KinesisFlow.Sinks;

/// <summary>
/// An event a sink could not deliver and wrote to the dead-letter file instead: why (a code from
/// <see cref="RejectionReasons"/> and a sentence), which sink, where the event came from, the HTTP answer when there
/// was one, and the serialized event itself.
/// </summary>
public sealed record RejectedEvent(string Reason, string Message)
{
    /// <summary>The sink that rejected it (<see cref="IEventSink.Name"/>).</summary>
    public string? Sink { get; init; }

    public string? ShardId { get; init; }

    public string? SequenceNumber { get; init; }

    public string? LogGroup { get; init; }

    /// <summary>HTTP status of a refusing answer.</summary>
    public int? HttpStatus { get; init; }

    /// <summary>Body of a refusing answer (truncated by the sink).</summary>
    public string? HttpResponse { get; init; }

    /// <summary>The output format <see cref="Data"/> is in (<see cref="OutputFormats"/>), so a redrive sends it only to a sink of that format.</summary>
    public string? Format { get; init; }

    /// <summary>Whether <see cref="Data"/> is a JSON object or a text line, so a redrive frames it as the sink did.</summary>
    public EventEncoding? Encoding { get; init; }

    /// <summary>The event as the sink would have sent it.</summary>
    public ReadOnlyMemory<byte> Data { get; init; }
}

/// <summary>The <c>reason</c> codes of sink dead letters (decode dead letters use FlowLogs' own codes).</summary>
public static class RejectionReasons
{
    /// <summary>The endpoint answered a status that is not retried (4xx other than 408 and 429).</summary>
    public const string Refused = "sink_refused";

    /// <summary>The event is larger than the sink accepts (SEKOIA.IO: 250,000 bytes; HTTP: the request size limit).</summary>
    public const string TooLarge = "event_too_large";
}
