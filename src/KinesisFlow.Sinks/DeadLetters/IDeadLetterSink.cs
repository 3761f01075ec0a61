namespace KinesisFlow.Sinks;

/// <summary>
/// The dead-letter file: events sinks rejected, and records or lines the decoder could not read. A dead letter counts
/// as handled once a write completes (written and flushed), so a shard may checkpoint past it; if a write throws, it
/// may not.
/// </summary>
public interface IDeadLetterSink : IAsyncDisposable
{
    /// <summary>Writes events a sink rejected, one line each.</summary>
    ValueTask WriteAsync(IReadOnlyList<RejectedEvent> rejected, CancellationToken cancellationToken);

    /// <summary>
    /// Appends lines serialized elsewhere (the decoder's dead letters, written with FlowLogs'
    /// <c>DeadLetterJsonWriter</c>); <paramref name="lines"/> holds whole lines, each ending with <c>\n</c>.
    /// </summary>
    ValueTask WriteLinesAsync(ReadOnlyMemory<byte> lines, CancellationToken cancellationToken);
}
