using KinesisFlow.Sinks;

namespace KinesisFlow.Cli;

/// <summary>The dead-letter file as <c>redrive</c>'s sinks see it: counts the events they refuse again, then writes them.</summary>
internal sealed class CountingDeadLetterSink(IDeadLetterSink file) : IDeadLetterSink
{
    private long _refused;

    /// <summary>Events the sinks refused (sink_refused, event_too_large) since this was created.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    public async ValueTask WriteAsync(IReadOnlyList<RejectedEvent> rejected, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rejected);
        await file.WriteAsync(rejected, cancellationToken);
        Interlocked.Add(ref _refused, rejected.Count);
    }

    public ValueTask WriteLinesAsync(ReadOnlyMemory<byte> lines, CancellationToken cancellationToken) => file.WriteLinesAsync(lines, cancellationToken);

    public ValueTask DisposeAsync() => file.DisposeAsync();
}
