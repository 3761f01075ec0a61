using KinesisFlow.Consumer.Telemetry;

namespace KinesisFlow.Hosting;

/// <summary>
/// Telemetry export and the health endpoint, bound from configuration (section <c>KinesisFlow:Observability</c> by
/// default). The OTLP exporter itself is configured by the standard <c>OTEL_*</c> variables (endpoint, headers,
/// protocol, export interval), read from the same configuration, so environment variables and appsettings both work.
/// </summary>
public sealed class ObservabilityOptions
{
    /// <summary>The default section name.</summary>
    public const string DefaultSectionName = "KinesisFlow:Observability";

    /// <summary>The conventional Prometheus exporter port, used when only a host is given or in containers.</summary>
    public const int DefaultPort = 9464;

    /// <summary>
    /// Where <c>/metrics</c>, <c>/health/live</c> and <c>/health/ready</c> listen, as <c>host:port</c>
    /// (<c>--http-listen 127.0.0.1:9464</c>). Empty or <c>off</c> disables the endpoint. When not set at all it is off,
    /// except in a container (<c>DOTNET_RUNNING_IN_CONTAINER=true</c>), where it is <c>0.0.0.0:9464</c> so that probes
    /// and scrapers from outside the container reach it.
    /// </summary>
    public string? HttpListen { get; set; }

    /// <summary>Serve Prometheus text on <c>/metrics</c> when the HTTP endpoint is on.</summary>
    public bool Prometheus { get; set; } = true;

    /// <summary>
    /// Export metrics, traces and logs over OTLP. When not set, it is on exactly when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>
    /// is configured.
    /// </summary>
    public bool? Otlp { get; set; }

    /// <summary>Write metrics and spans to standard output, for debugging (do not combine with the stdout sink).</summary>
    public bool Console { get; set; }

    /// <summary>Fraction of delivered batches traced (a span each), when a trace exporter is on. 0 turns tracing off.</summary>
    public double TraceSampleRatio { get; set; } = 0.01;

    /// <summary>Readiness thresholds for <c>/health/ready</c>.</summary>
    public ReadinessOptions Readiness { get; set; } = new();
}
