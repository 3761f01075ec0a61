namespace KinesisFlow.Sinks;

/// <summary>
/// Where rejected events and undecodable records go. A dead letter counts as handled once <see cref="WriteAsync"/>
/// completes, so a shard may checkpoint past it; if the write throws, it may not.
/// </summary>
public interface IDeadLetterSink : IAsyncDisposable
{
    /// <summary>Writes the letters and flushes them before completing.</summary>
    ValueTask WriteAsync(IReadOnlyList<DeadLetter> letters, CancellationToken cancellationToken);
}
