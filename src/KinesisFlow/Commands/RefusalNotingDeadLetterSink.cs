using KinesisFlow.Sinks;

namespace KinesisFlow.Cli;

/// <summary>
/// The dead-letter file as <c>redrive</c>'s sinks see it: writes the events they refuse again, and notes them until
/// <see cref="TakeRefusals"/>, so that the batch they came from can tell which sink refused which of its events.
/// </summary>
internal sealed class RefusalNotingDeadLetterSink(IDeadLetterSink file) : IDeadLetterSink
{
    private readonly Lock _gate = new();
    private List<RejectedEvent> _refusals = [];

    public async ValueTask WriteAsync(IReadOnlyList<RejectedEvent> rejected, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rejected);
        await file.WriteAsync(rejected, cancellationToken);
        lock (_gate)
        {
            _refusals.AddRange(rejected);
        }
    }

    /// <summary>The events refused (sink_refused, event_too_large) since the last call, and starts over.</summary>
    public List<RejectedEvent> TakeRefusals()
    {
        lock (_gate)
        {
            var taken = _refusals;
            _refusals = [];
            return taken;
        }
    }

    public ValueTask WriteLinesAsync(ReadOnlyMemory<byte> lines, CancellationToken cancellationToken) => file.WriteLinesAsync(lines, cancellationToken);

    public ValueTask DisposeAsync() => file.DisposeAsync();
}
