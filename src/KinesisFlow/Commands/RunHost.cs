using KinesisFlow.Aws;
using KinesisFlow.Cli.Logging;
using KinesisFlow.Cli.Settings;
using KinesisFlow.Consumer;
using KinesisFlow.Consumer.Configuration;
using KinesisFlow.FlowLogs;
using KinesisFlow.Hosting;
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

    /// <summary>
    /// Builds the host and checks every setting: throws <see cref="SettingException"/> or
    /// <see cref="OptionsValidationException"/> naming the first bad one. Unknown keys are logged as warnings.
    /// </summary>
    public static IHost Build(IReadOnlyDictionary<string, string?> settings, IReadOnlyList<string> sinkSpecs)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = AppContext.BaseDirectory,
            DisableDefaults = false,
        });
        builder.Configuration.AddInMemoryCollection(settings);
        var unknownKeys = RunSettingsCheck.Check(builder.Configuration);
        builder.Logging.AddKinesisFlowConsole();
        // A failed start is reported by `run` as one line (and its exception at debug level): the host's own
        // "Hosting failed to start" error with the whole stack trace would only repeat it.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        builder.Services.Configure<HostOptions>(host =>
        {
            host.ShutdownTimeout = builder.Configuration.GetValue(HostSettings.ShutdownTimeoutKey, DefaultShutdownTimeout);
        });

        builder.Services.AddKinesisFlowObservability(builder.Configuration);
        builder.Services.AddKinesisFlowConsumer(builder.Configuration);
        builder.Services.AddWorkerSummary(builder.Configuration);
        if (sinkSpecs.Count > 0)
        {
            builder.Services.PostConfigure<SinkOptions>(sinks => sinks.Specs = [.. sinkSpecs]);
        }

        var host = builder.Build();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RunCommand).FullName!);
        foreach (var warning in unknownKeys)
        {
            RunLog.UnknownSetting(logger, warning);
        }

        ValidateSettings(host.Services);
        return host;
    }

    /// <summary>
    /// Reads every options class once, so a bad setting fails here with <see cref="OptionsValidationException"/> naming
    /// it, before any service that depends on the settings is even built; then what the settings lead to without any
    /// network call: the region, and the flow log formats (the --formats file is read here).
    /// </summary>
    private static void ValidateSettings(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<KinesisFlowOptions>>().Value;
        _ = services.GetRequiredService<IOptions<SinkOptions>>().Value;
        _ = services.GetRequiredService<IOptions<ObservabilityOptions>>().Value;
        if (services.GetRequiredService<IOptions<SummarySettings>>().Value.SummaryInterval < TimeSpan.Zero)
        {
            throw new SettingException($"{RunSettingsCheck.Name(SummarySettings.SummaryIntervalKey)}: a negative interval; allowed: 00:00:00 (off) or more, e.g. 00:01:00.");
        }

        try
        {
            _ = AwsEndpointResolver.Resolve("kinesis", services.GetRequiredService<AwsClientOptions>());
        }
        catch (InvalidOperationException exception)
        {
            throw new SettingException(
                $"{RunSettingsCheck.Name("KinesisFlow:Kinesis:Region")}: {AwsRegionResolver.Sources}; allowed: a region name such as eu-west-1, or a profile (--profile) that names one.",
                exception);
        }

        try
        {
            _ = services.GetRequiredService<FlowLogFormats>();
        }
        catch (FlowLogFormatException exception)
        {
            // Inline formats and --log-format were validated with the options: what is left is the --formats file.
            throw new SettingException($"{RunSettingsCheck.Name("KinesisFlow:FlowLogs:FormatsFile")}: '{options.FlowLogs.FormatsFile}': {exception.Message}", exception);
        }
    }
}
