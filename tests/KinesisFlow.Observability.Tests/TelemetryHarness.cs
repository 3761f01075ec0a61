using System.Diagnostics.Metrics;
using KinesisFlow.Observability.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;

namespace KinesisFlow.Observability.Tests;

/// <summary>A telemetry instance from the real DI registration, on a fake clock, with collectors per instrument.</summary>
internal sealed class TelemetryHarness : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly List<IDisposable> _collectors = [];

    public TelemetryHarness()
    {
        Time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        _services = new ServiceCollection().AddSingleton<TimeProvider>(Time).AddKinesisFlowTelemetry().BuildServiceProvider();
        Telemetry = _services.GetRequiredService<KinesisFlowTelemetry>();
        MeterFactory = _services.GetRequiredService<IMeterFactory>();
    }

    public FakeTimeProvider Time { get; }

    public KinesisFlowTelemetry Telemetry { get; }

    public IMeterFactory MeterFactory { get; }

    public IServiceProvider Services => _services;

    /// <summary>Collects one instrument of the meter <c>KinesisFlow</c> of this harness only.</summary>
    public MetricCollector<T> Collect<T>(string instrumentName)
        where T : struct
    {
        var collector = new MetricCollector<T>(MeterFactory, KinesisFlowTelemetry.Name, instrumentName);
        _collectors.Add(collector);
        return collector;
    }

    public void Dispose()
    {
        foreach (var collector in _collectors)
        {
            collector.Dispose();
        }

        _services.Dispose();
    }
}
