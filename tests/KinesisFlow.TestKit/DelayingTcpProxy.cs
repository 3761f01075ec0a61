using System.Net;
using System.Net.Sockets;

namespace KinesisFlow.TestKit;

/// <summary>
/// A TCP proxy on 127.0.0.1 in front of a local server (an emulator) that holds everything a client sends for a fixed
/// delay before passing it on, answers unchanged: a slow network between a worker and its lease table, so that
/// requests are still in flight when something (a stop) cuts them off. Each connection keeps its byte order.
/// </summary>
public sealed class DelayingTcpProxy : IAsyncDisposable
{
    // Bytes read from one side before they are passed on: any size works, the delay applies per read.
    private const int ChunkBytes = 64 * 1024;

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Uri _upstream;
    private readonly TimeSpan _delay;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _connections = [];
    private readonly Task _accepting;

    private DelayingTcpProxy(Uri upstream, TimeSpan delay)
    {
        _upstream = upstream;
        _delay = delay;
        _listener.Start();
        var port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        Endpoint = new UriBuilder(upstream) { Host = "127.0.0.1", Port = port }.Uri;
        _accepting = AcceptAsync();
    }

    /// <summary>The proxy's address: the upstream's, with the proxy's port.</summary>
    public Uri Endpoint { get; }

    /// <summary>Starts a proxy to <paramref name="upstream"/> (a loopback URL) that delays each request by <paramref name="delay"/>.</summary>
    public static DelayingTcpProxy Start(Uri upstream, TimeSpan delay)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        return new DelayingTcpProxy(upstream, delay);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _accepting;
        Task[] connections;
        lock (_connections)
        {
            connections = [.. _connections];
        }

        await Task.WhenAll(connections);
        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stopping.Token);
                lock (_connections)
                {
                    _connections.RemoveAll(connection => connection.IsCompleted);
                    _connections.Add(RelayAsync(client));
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        using (var connection = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token))
        {
            try
            {
                client.NoDelay = true;
                server.NoDelay = true;
                await server.ConnectAsync(_upstream.Host, _upstream.Port, connection.Token);
                var requests = PumpAsync(client.GetStream(), server.GetStream(), _delay, connection.Token);
                var answers = PumpAsync(server.GetStream(), client.GetStream(), TimeSpan.Zero, connection.Token);
                await Task.WhenAny(requests, answers);
            }
            catch (Exception exception) when (exception is OperationCanceledException or IOException or SocketException)
            {
                // Either side went away, or the proxy stops.
            }
            finally
            {
                // One side closed: close both, so that the other pump ends too.
                await connection.CancelAsync();
            }
        }
    }

    private static async Task PumpAsync(NetworkStream from, NetworkStream to, TimeSpan delay, CancellationToken cancellationToken)
    {
        var buffer = new byte[ChunkBytes];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, cancellationToken);
                }

                await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // The connection is over.
        }
    }
}
