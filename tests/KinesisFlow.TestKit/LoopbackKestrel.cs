using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KinesisFlow.TestKit;

/// <summary>Starts a real Kestrel server on 127.0.0.1 and a port the system picks, quiet, for a test to serve from.</summary>
public static class LoopbackKestrel
{
    /// <summary>
    /// Builds the app, lets <paramref name="map"/> add its handlers, starts it, and returns it with its base address
    /// (ending in '/'). With a <paramref name="certificate"/> it serves HTTPS (ALPN picks HTTP/2 or HTTP/1.1). The
    /// caller stops and disposes the app.
    /// </summary>
    public static async Task<(WebApplication App, Uri Address)> StartAsync(
        Action<WebApplication> map,
        HttpProtocols protocols = HttpProtocols.Http1AndHttp2,
        Action<KestrelServerOptions>? configure = null,
        X509Certificate2? certificate = null)
    {
        ArgumentNullException.ThrowIfNull(map);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = protocols;
                if (certificate is not null)
                {
                    listen.UseHttps(certificate);
                }
            });
            configure?.Invoke(kestrel);
        });
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return (app, new Uri(address.EndsWith('/') ? address : address + "/"));
    }
}
