namespace KinesisFlow.Sinks;

/// <summary>
/// Something that could not be delivered or decoded, kept with enough context to find and replay it: why, where it
/// came from, and its original bytes. Every field but <see cref="Reason"/> is optional.
/// </summary>
public sealed record DeadLetter(string Reason)
{
    /// <summary>The sink that rejected it (<see cref="IEventSink.Name"/>), when a sink did.</summary>
    public string? Sink { get; init; }

    public string? ShardId { get; init; }

    public string? SequenceNumber { get; init; }

    public string? LogGroup { get; init; }

    public string? LogStream { get; init; }

    public string? EventId { get; init; }

    /// <summary>Position of the line or event within its record, when known.</summary>
    public int? Position { get; init; }

    /// <summary>HTTP status of a rejecting answer.</summary>
    public int? HttpStatus { get; init; }

    /// <summary>Body of a rejecting answer (truncated by the sink).</summary>
    public string? HttpResponse { get; init; }

    /// <summary>The original bytes: the Kinesis record's data, the flow line, or the serialized event.</summary>
    public ReadOnlyMemory<byte> Data { get; init; }
}
