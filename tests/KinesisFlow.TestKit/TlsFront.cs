using System.Diagnostics;
using KinesisFlow.Emulators;

namespace KinesisFlow.TestKit;

/// <summary>
/// tests/emulators/tls-front.js in front of an emulator's plain port: HTTPS with ALPN h2 on 127.0.0.1 and a
/// <see cref="LoopbackCertificate"/>, so that a client takes the path AWS serves (TLS + ALPN h2) to a local emulator.
/// Stopped (only it) on dispose; it also exits by itself when this process dies (its stdin closes).
/// </summary>
public sealed class TlsFront : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly Process _process;

    private TlsFront(Process process, LoopbackCertificate certificate, Uri endpoint)
    {
        _process = process;
        Certificate = certificate;
        Endpoint = endpoint;
    }

    /// <summary>https://127.0.0.1:PORT/: the ServiceUrl (<c>--endpoint-url</c>) of a client that goes through TLS.</summary>
    public Uri Endpoint { get; }

    /// <summary>The front's certificate; <see cref="LoopbackCertificate.TrustEnvironment"/> makes a child process trust it.</summary>
    public LoopbackCertificate Certificate { get; }

    /// <summary>Starts a front forwarding to <paramref name="upstream"/> (an emulator's http:// endpoint).</summary>
    public static async Task<TlsFront> StartAsync(Uri upstream)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        var certificate = new LoopbackCertificate();
        var folder = EmulatorHost.FindEmulatorsDirectory();
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("KINESISFLOW_NODE") ?? "node")
        {
            WorkingDirectory = folder,
            UseShellExecute = false,
            // Held open and never written: when this process dies, the pipe closes and the front exits.
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { Path.Combine(folder, "tls-front.js"), "0", upstream.ToString(), certificate.CertificateFile, certificate.KeyFile })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node tls-front.js.");
        var errors = process.StandardError.ReadToEndAsync();
        try
        {
            // The first line names the port the system picked: no race for a free port.
            using var deadline = new CancellationTokenSource(StartTimeout);
            var line = await process.StandardOutput.ReadLineAsync(deadline.Token);
            if (line is null || !line.StartsWith("listening ", StringComparison.Ordinal))
            {
                await process.WaitForExitAsync(deadline.Token);
                throw new InvalidOperationException($"tls-front.js did not start: {line} {await errors}");
            }

            return new TlsFront(process, certificate, new Uri($"https://127.0.0.1:{line["listening ".Length..]}/"));
        }
        catch
        {
            process.Kill();
            process.Dispose();
            certificate.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Certificate.Dispose();
    }
}
