namespace KinesisFlow.Cli.Tests.Hosting;

/// <summary>
/// The OpenTelemetry SDK listens to meters by name, so every MeterProvider in this process also sees the "KinesisFlow"
/// meters of hosts started by other test classes: the classes that start one run in this collection, one after another
/// and never alongside another test, so that a scrape or an export only ever sees its own host's instruments.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class OpenTelemetrySdkCollection
{
    public const string Name = "OpenTelemetry SDK";
}
