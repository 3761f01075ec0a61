namespace KinesisFlow.Sinks;

/// <summary>
/// Wraps every sink the factory builds so that each batch is measured the same way: in flight while SendAsync runs,
/// then sent (events, bytes, duration including retries) or failed.
/// </summary>
internal sealed class InstrumentedSink(IEventSink inner, SinkTelemetry telemetry, TimeProvider time) : IEventSink
{
    public string Name => inner.Name;

    public string OutputFormat => inner.OutputFormat;

    internal IEventSink Inner => inner;

    public async ValueTask SendAsync(EventBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var started = time.GetTimestamp();
        using var inFlight = telemetry.InFlight(Name);
        try
        {
            await inner.SendAsync(batch, cancellationToken);
        }
        catch (Exception exception)
        {
            telemetry.Failed(Name, exception.GetType().Name, time.GetElapsedTime(started));
            throw;
        }

        telemetry.Delivered(Name, batch.Count, batch.Length, time.GetElapsedTime(started));
    }

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
