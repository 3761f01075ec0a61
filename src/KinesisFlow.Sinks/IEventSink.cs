namespace KinesisFlow.Sinks;

/// <summary>
/// A destination for flow events. The consumer serializes each batch in the sink's <see cref="OutputFormat"/> and
/// checkpoints a shard only after every sink has completed <see cref="SendAsync"/> for every batch up to the
/// checkpoint (at-least-once).
/// </summary>
public interface IEventSink : IAsyncDisposable
{
    /// <summary>The sink as configured, without secrets (e.g. <c>file:events.ndjson</c>, <c>sekoia:https://…</c>): for logs and metrics.</summary>
    string Name { get; }

    /// <summary>The output format the sink wants its events in: one of <see cref="OutputFormats"/>.</summary>
    string OutputFormat { get; }

    /// <summary>
    /// Delivers a batch. Completes only once the sink has durably accepted every event of it (file: written and
    /// flushed; HTTP: a 2xx answer) or has written the events it must reject to the dead-letter sink. Waits while the
    /// sink is saturated: that wait is the backpressure that slows reading. Several calls may be outstanding at once,
    /// from one shard or many, and may complete in any order. Throws when the batch could not be handled at all (for
    /// instance the dead-letter file cannot be written, or <paramref name="cancellationToken"/> fired): the batch is
    /// then not acknowledged and the shard must not checkpoint past it.
    /// </summary>
    ValueTask SendAsync(EventBatch batch, CancellationToken cancellationToken);
}
