using KinesisFlow.Consumer.Telemetry;
using KinesisFlow.Coordination.Telemetry;
using KinesisFlow.Leases;
using KinesisFlow.Sinks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace KinesisFlow.Hosting;

/// <summary>Registers KinesisFlow's telemetry and, for the service host, its export pipeline and HTTP endpoint.</summary>
public static class ObservabilityServiceCollectionExtensions
{
    /// <summary>
    /// Registers the instruments of the <c>KinesisFlow</c> meter (<see cref="ConsumerInstruments"/>,
    /// <see cref="LeaseInstruments"/>, <see cref="SinkInstruments"/>) and the readiness reporter
    /// (<see cref="IReadinessReporter"/> / <see cref="ReadinessState"/>) as singletons, with IMeterFactory and
    /// TimeProvider.System unless already present.
    /// Enough for commands and tests; <see cref="AddKinesisFlowObservability"/> adds export on top.
    /// </summary>
    public static IServiceCollection AddKinesisFlowTelemetry(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ConsumerInstruments>();
        services.TryAddSingleton<LeaseInstruments>();
        services.TryAddSingleton<SinkInstruments>();
        services.AddOptions<ReadinessOptions>();
        services.TryAddSingleton(provider => new ReadinessState(
            provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<IOptions<ReadinessOptions>>().Value));
        services.TryAddSingleton<IReadinessReporter>(provider => provider.GetRequiredService<ReadinessState>());
        return services;
    }

    /// <summary>
    /// Everything the <c>run</c> host needs: <see cref="AddKinesisFlowTelemetry"/>, the OpenTelemetry SDK (the
    /// <c>KinesisFlow</c> meter and activity source, runtime and process metrics), the exporters switched on by
    /// <see cref="ObservabilityOptions"/> (Prometheus, OTLP through the standard <c>OTEL_*</c> settings, console), health
    /// checks, and the <c>/metrics</c> + <c>/health</c> endpoint. Options are validated when the host starts.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">The host's whole configuration (the <c>OTEL_*</c> keys live at its root).</param>
    /// <param name="sectionName">Where <see cref="ObservabilityOptions"/> are bound from.</param>
    public static IServiceCollection AddKinesisFlowObservability(
        this IServiceCollection services, IConfiguration configuration, string sectionName = ObservabilityOptions.DefaultSectionName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddKinesisFlowTelemetry();

        var section = configuration.GetSection(sectionName);
        var setup = new ObservabilityOptionsSetup(configuration, sectionName);
        services.AddOptions<ObservabilityOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IPostConfigureOptions<ObservabilityOptions>>(setup);
        services.AddSingleton<IValidateOptions<ObservabilityOptions>>(setup);
        services.AddOptions<ReadinessOptions>().Configure<IOptions<ObservabilityOptions>>(
            (readiness, observability) =>
            {
                readiness.RenewalStaleAfter = observability.Value.Readiness.RenewalStaleAfter;
                readiness.SinkFailureThreshold = observability.Value.Readiness.SinkFailureThreshold;
            });

        // Which exporters to add is decided now, from the same binding and defaults the validated options get.
        var settings = new ObservabilityOptions();
        section.Bind(settings);
        ObservabilityOptionsSetup.ApplyDefaults(settings, configuration);
        AddOpenTelemetry(services, configuration, settings);

        services.AddHealthChecks().AddCheck<ReadinessHealthCheck>("readiness", tags: [ObservabilityHttpServer.ReadyTag]);
        services.TryAddSingleton<ObservabilityHttpServer>();
        services.AddHostedService(provider => provider.GetRequiredService<ObservabilityHttpServer>());
        return services;
    }

    private static void AddOpenTelemetry(IServiceCollection services, IConfiguration configuration, ObservabilityOptions settings)
    {
        var version = KinesisFlowMeter.Version;
        var openTelemetry = services.AddOpenTelemetry();

        // OTEL_SERVICE_NAME / OTEL_RESOURCE_ATTRIBUTES win when set; otherwise the service is "kinesisflow".
        if (string.IsNullOrWhiteSpace(configuration["OTEL_SERVICE_NAME"]))
        {
            openTelemetry.ConfigureResource(resource => resource.AddService("kinesisflow", serviceVersion: version));
        }

        var prometheus = settings.Prometheus && !HttpListenAddress.IsOff(settings.HttpListen);
        openTelemetry.WithMetrics(metrics =>
        {
            metrics.AddMeter(KinesisFlowMeter.Name).AddRuntimeInstrumentation().AddProcessInstrumentation();
            if (prometheus)
            {
                // No response cache: a scrape always sees the latest values (collection is cheap; scrapes are rare).
                metrics.AddPrometheusExporter(prometheusOptions => prometheusOptions.ScrapeResponseCacheDurationMilliseconds = 0);
            }

            if (settings.Console)
            {
                metrics.AddConsoleExporter();
            }
        });

        var otlp = settings.Otlp == true;
        if ((otlp || settings.Console) && settings.TraceSampleRatio > 0)
        {
            openTelemetry.WithTracing(tracing =>
            {
                tracing.AddSource(KinesisFlowMeter.Name)
                    .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(settings.TraceSampleRatio)));
                if (settings.Console)
                {
                    tracing.AddConsoleExporter();
                }
            });
        }

        if (otlp)
        {
            // Endpoint, protocol (grpc or http/protobuf), headers, timeout and export interval: OTEL_* settings.
            openTelemetry.UseOtlpExporter();
        }
    }
}
