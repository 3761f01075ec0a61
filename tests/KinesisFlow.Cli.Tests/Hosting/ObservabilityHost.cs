using KinesisFlow.Consumer.Telemetry;
using KinesisFlow.Hosting;
using KinesisFlow.Sinks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace KinesisFlow.Cli.Tests.Hosting;

/// <summary>A real generic host wired as `run` wires it, its endpoint on 127.0.0.1 with a free port.</summary>
internal sealed class ObservabilityHost : IAsyncDisposable
{
    private readonly IHost _host;

    private ObservabilityHost(IHost host, FakeTimeProvider time)
    {
        _host = host;
        Time = time;
    }

    public FakeTimeProvider Time { get; }

    public ConsumerInstruments Consumer => _host.Services.GetRequiredService<ConsumerInstruments>();

    public SinkInstruments Sinks => _host.Services.GetRequiredService<SinkInstruments>();

    public IReadinessReporter Readiness => _host.Services.GetRequiredService<IReadinessReporter>();

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public Uri Address => _host.Services.GetRequiredService<ObservabilityHttpServer>().Address
        ?? throw new InvalidOperationException("the endpoint is off");

    public static IHost Build(IDictionary<string, string?> settings, FakeTimeProvider time)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddKinesisFlowObservability(builder.Configuration);
        return builder.Build();
    }

    public static async Task<ObservabilityHost> StartAsync(IDictionary<string, string?>? extraSettings = null)
    {
        var settings = new Dictionary<string, string?> { ["KinesisFlow:Observability:HttpListen"] = "127.0.0.1:0" };
        foreach (var (key, value) in extraSettings ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var time = new FakeTimeProvider();
        var host = Build(settings, time);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await host.StartAsync(timeout.Token);
        return new ObservabilityHost(host, time);
    }

    public Task<HttpResponseMessage> GetAsync(string path) =>
        Http.GetAsync(new Uri(Address, path));

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _host.StopAsync(CancellationToken.None);
        _host.Dispose();
    }
}
