using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace KinesisFlow.Hosting;

/// <summary>
/// The small HTTP endpoint beside the consumer: <c>/metrics</c> (Prometheus text), <c>/health/live</c> and
/// <c>/health/ready</c>. A Kestrel server of its own, started with the host, so that the consumer stays a plain generic
/// host and the endpoint can be bound (or not) independently of anything else.
/// </summary>
public sealed partial class ObservabilityHttpServer(
    IOptions<ObservabilityOptions> options,
    IServiceProvider services,
    HealthCheckService healthChecks,
    ILoggerFactory loggerFactory) : IHostedService, IAsyncDisposable
{
    /// <summary>Health checks with this tag answer <c>/health/live</c>.</summary>
    public const string LiveTag = "live";

    /// <summary>Health checks with this tag answer <c>/health/ready</c>.</summary>
    public const string ReadyTag = "ready";

    private readonly ILogger _logger = loggerFactory.CreateLogger<ObservabilityHttpServer>();
    private WebApplication? _app;

    /// <summary>The address the endpoint listens on once started (the real port when 0 was asked), or null when off.</summary>
    public Uri? Address { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (HttpListenAddress.IsOff(settings.HttpListen))
        {
            return;
        }

        // Validated at start-up (ObservabilityOptionsSetup); this only guards a host that skipped validation.
        if (!HttpListenAddress.TryParse(settings.HttpListen, out var endpoint, out var error))
        {
            throw new OptionsValidationException(nameof(ObservabilityOptions.HttpListen), typeof(ObservabilityOptions), [error]);
        }

        _app = Build(endpoint, settings.Prometheus);
        await _app.StartAsync(cancellationToken);
        var bound = _app.Urls.First();
        Address = new Uri(bound.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "[::1]", StringComparison.Ordinal));
        LogListening(bound);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
            _app = null;
        }
    }

    private WebApplication Build(IPEndPoint endpoint, bool prometheus)
    {
        // The empty builder reads no ASPNETCORE_* settings: this endpoint's address comes from our option only.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(endpoint));
        builder.Services.AddRoutingCore();
        builder.Services.AddLogging();
        builder.Services.Replace(ServiceDescriptor.Singleton(loggerFactory)); // the host's logging, not a second console
        var app = builder.Build();

        if (prometheus)
        {
            // The MeterProvider is the host's: one SDK pipeline, scraped here.
            app.UseOpenTelemetryPrometheusScrapingEndpoint(
                services.GetRequiredService<MeterProvider>(),
                context => context.Request.Path == "/metrics",
                path: null,
                configureBranchedPipeline: null,
                optionsName: null);
        }

        app.MapGet("/health/live", context => WriteHealthAsync(context, LiveTag));
        app.MapGet("/health/ready", context => WriteHealthAsync(context, ReadyTag));
        return app;
    }

    private async Task WriteHealthAsync(HttpContext context, string tag)
    {
        var report = await healthChecks.CheckHealthAsync(check => check.Tags.Contains(tag), context.RequestAborted);
        context.Response.StatusCode = report.Status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
        context.Response.Headers.CacheControl = "no-store";
        await HealthReportJson.WriteAsync(context.Response, report, context.RequestAborted);
    }

    [LoggerMessage(EventId = 601, Level = LogLevel.Information, Message = "Serving /metrics and /health on {Address}")]
    private partial void LogListening(string address);
}
