using KinesisFlow.TestKit;
using Microsoft.AspNetCore.Builder;

namespace KinesisFlow.Cli.Tests.Http;

/// <summary>A real Kestrel server on 127.0.0.1 and a free port, for the duration of a test.</summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<LoopbackServer> StartAsync(Action<WebApplication> map)
    {
        var (app, address) = await LoopbackKestrel.StartAsync(map);
        return new LoopbackServer(app, address);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
