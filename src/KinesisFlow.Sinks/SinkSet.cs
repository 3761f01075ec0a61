using KinesisFlow.FlowLogs.Output;

namespace KinesisFlow.Sinks;

/// <summary>
/// Every configured sink plus the dead-letter sink they share: what the consumer's pipeline sends to. Disposing it
/// drains and closes the sinks first, then the dead-letter file they may still write to.
/// </summary>
public sealed class SinkSet : IAsyncDisposable
{
    private readonly SinkTelemetry _telemetry;
    private int _disposed;

    public SinkSet(IReadOnlyList<IEventSink> sinks, IDeadLetterSink deadLetters, FlowOutputOptions? outputOptions = null, SinkTelemetry? telemetry = null)
    {
        ArgumentNullException.ThrowIfNull(sinks);
        ArgumentNullException.ThrowIfNull(deadLetters);
        _telemetry = telemetry ?? SinkTelemetry.None;
        Sinks = sinks;
        DeadLetters = deadLetters;
        OutputOptions = outputOptions ?? FlowOutputOptions.Default;
        var formats = new List<string>();
        foreach (var sink in sinks)
        {
            if (!formats.Contains(sink.OutputFormat))
            {
                formats.Add(sink.OutputFormat);
            }
        }

        Formats = formats;
    }

    public IReadOnlyList<IEventSink> Sinks { get; }

    public IDeadLetterSink DeadLetters { get; }

    /// <summary>The distinct output formats the sinks want: serialize each batch once per format, not once per sink.</summary>
    public IReadOnlyList<string> Formats { get; }

    /// <summary>How the formats shape their events (<c>event.original</c> in ecs).</summary>
    public FlowOutputOptions OutputOptions { get; }

    /// <summary>
    /// Every sink acknowledged a batch whose oldest flow record ended at <paramref name="oldestFlowEnd"/> (Unix
    /// seconds): records each sink's event lag (<c>kinesisflow.sink.event.lag</c>).
    /// </summary>
    public void Delivered(long oldestFlowEnd)
    {
        foreach (var sink in Sinks)
        {
            _telemetry.EventLag(sink.Name, oldestFlowEnd);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        foreach (var sink in Sinks)
        {
            await sink.DisposeAsync();
        }

        await DeadLetters.DisposeAsync();
    }
}
