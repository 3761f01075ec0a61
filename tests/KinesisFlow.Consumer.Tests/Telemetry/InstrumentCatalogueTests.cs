using System.Diagnostics.Metrics;
using KinesisFlow.Coordination.Telemetry;
using KinesisFlow.TestKit;

namespace KinesisFlow.Consumer.Tests.Telemetry;

/// <summary>Every instrument follows the naming rules and is documented in docs/operations.md.</summary>
public sealed class InstrumentCatalogueTests : IDisposable
{
    private readonly TelemetryHarness _harness = new();
    private readonly List<Instrument> _instruments = [];
    private readonly MeterListener _listener = new();

    public InstrumentCatalogueTests()
    {
        // Instruments of this harness's meter only (the factory is the meter's scope), not of other tests running alongside.
        _listener.InstrumentPublished = (instrument, _) =>
        {
            if (instrument.Meter.Name == KinesisFlowMeter.Name && ReferenceEquals(instrument.Meter.Scope, _harness.MeterFactory))
            {
                _instruments.Add(instrument);
            }
        };
        _listener.Start();
    }

    public void Dispose()
    {
        _listener.Dispose();
        _harness.Dispose();
    }

    [Fact]
    public void Every_instrument_has_the_prefix_a_unit_and_a_description()
    {
        Assert.Equal(31, _instruments.Count); // a new instrument needs its line in docs/operations.md too
        Assert.All(_instruments, instrument =>
        {
            Assert.Matches("^kinesisflow\\.(shard|worker|sink)\\.[a-z_.]+$", instrument.Name);
            Assert.False(string.IsNullOrEmpty(instrument.Unit), instrument.Name);
            Assert.False(string.IsNullOrEmpty(instrument.Description), instrument.Name);
        });
    }

    [Fact]
    public void Every_instrument_is_in_the_operations_metrics_catalogue()
    {
        var operations = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "operations.md"));

        Assert.All(_instruments, instrument => Assert.Contains($"`{instrument.Name}`", operations, StringComparison.Ordinal));
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "KinesisFlow.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("KinesisFlow.sln not found above the test binaries");
    }
}
