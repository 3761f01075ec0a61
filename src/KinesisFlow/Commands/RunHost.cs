using KinesisFlow.Consumer;
using KinesisFlow.Consumer.Configuration;
using KinesisFlow.Coordination.Leases;
using KinesisFlow.Observability.Hosting;
using KinesisFlow.Sinks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KinesisFlow.Cli;

/// <summary>
/// Builds the consumer's generic host: appsettings.json (next to the executable), environment variables
/// (<c>KINESISFLOW__Section__Key</c>), then the command line's settings; logs to stderr (stdout may be a sink),
/// optionally as JSON; the consumer, its sinks, its leases and its telemetry.
/// </summary>
internal static class RunHost
{
    /// <summary>How long a graceful stop may take: long enough for shards to drain (20 s by default) and release their leases.</summary>
    public static readonly TimeSpan DefaultShutdownTimeout = TimeSpan.FromSeconds(30);

    public static IHost Build(IReadOnlyDictionary<string, string?> settings, IReadOnlyList<string> sinkSpecs)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = AppContext.BaseDirectory,
            DisableDefaults = false,
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.Configure<HostOptions>(host =>
        {
            host.ShutdownTimeout = builder.Configuration.GetValue("KinesisFlow:ShutdownTimeout", DefaultShutdownTimeout);
        });

        builder.Services.AddKinesisFlowObservability(builder.Configuration);
        builder.Services.AddKinesisFlowConsumer(builder.Configuration);
        if (sinkSpecs.Count > 0)
        {
            builder.Services.PostConfigure<SinkOptions>(sinks => sinks.Specs = [.. sinkSpecs]);
        }

        var host = builder.Build();
        ValidateSettings(host.Services);
        return host;
    }

    /// <summary>
    /// Reads every options class once, so a bad setting fails here with <see cref="OptionsValidationException"/> naming
    /// it, before any service that depends on the settings is even built.
    /// </summary>
    private static void ValidateSettings(IServiceProvider services)
    {
        _ = services.GetRequiredService<IOptions<KinesisFlowOptions>>().Value;
        _ = services.GetRequiredService<IOptions<LeaseOptions>>().Value;
        _ = services.GetRequiredService<IOptions<SinkOptions>>().Value;
        _ = services.GetRequiredService<IOptions<ObservabilityOptions>>().Value;
    }
}
