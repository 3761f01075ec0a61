using System.Diagnostics.Metrics;
using KinesisFlow.Consumer.Telemetry;
using KinesisFlow.Coordination.Telemetry;
using KinesisFlow.Leases;
using KinesisFlow.Sinks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;

namespace KinesisFlow.TestKit;

/// <summary>
/// The instruments of the <c>KinesisFlow</c> meter (consumer, leases, sinks, and the readiness gauge) on a real
/// IMeterFactory of their own and a fake clock, with collectors per instrument.
/// </summary>
public sealed class TelemetryHarness : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly List<IDisposable> _collectors = [];

    public TelemetryHarness()
    {
        Time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        MeterFactory = _services.GetRequiredService<IMeterFactory>();
        Readiness = new ReadinessState(Time, new ReadinessOptions());
        Consumer = new ConsumerInstruments(MeterFactory, Time, Readiness);
        Leases = new LeaseInstruments(MeterFactory);
        Sinks = new SinkInstruments(MeterFactory, Time);
    }

    public FakeTimeProvider Time { get; }

    public IMeterFactory MeterFactory { get; }

    /// <summary>The readiness verdict behind <c>kinesisflow.worker.ready</c>, with default thresholds.</summary>
    public ReadinessState Readiness { get; }

    public ConsumerInstruments Consumer { get; }

    public LeaseInstruments Leases { get; }

    public SinkInstruments Sinks { get; }

    /// <summary>Collects one instrument of the meter <c>KinesisFlow</c> of this harness only.</summary>
    public MetricCollector<T> Collect<T>(string instrumentName)
        where T : struct
    {
        var collector = new MetricCollector<T>(MeterFactory, KinesisFlowMeter.Name, instrumentName);
        _collectors.Add(collector);
        return collector;
    }

    public void Dispose()
    {
        foreach (var collector in _collectors)
        {
            collector.Dispose();
        }

        Consumer.Dispose();
        _services.Dispose();
    }
}
