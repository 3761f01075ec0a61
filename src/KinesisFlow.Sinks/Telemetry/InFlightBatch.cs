using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace KinesisFlow.Sinks;

/// <summary>
/// One sink batch counted in <c>kinesisflow.sink.in_flight</c> until disposed. A struct so that marking a batch costs no
/// allocation; dispose it exactly once (a <c>using</c> statement does).
/// </summary>
public readonly struct InFlightBatch : IDisposable
{
    private readonly UpDownCounter<long>? _inFlight;
    private readonly TagList _tags;

    internal InFlightBatch(UpDownCounter<long> inFlight, TagList tags)
    {
        _inFlight = inFlight;
        _tags = tags;
    }

    /// <summary>The batch left the sink (acknowledged or failed).</summary>
    public void Dispose() => _inFlight?.Add(-1, _tags);
}
