using System.Collections.Concurrent;
using System.IO.Compression;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace KinesisFlow.Cli.Tests.Http;

/// <summary>
/// An HTTP collector for the generic <c>http:URL</c> sink on a real Kestrel: it reads each NDJSON request (gzip'd or
/// not), asks <see cref="Answer"/> what to do with it, and keeps the events of the requests it acknowledged with a 2xx.
/// A request can be held unanswered (a collector that stops acknowledging) until <see cref="ReleaseHeld"/>.
/// </summary>
public sealed class EventSinkServer : IAsyncDisposable
{
    private readonly LoopbackServer _server;
    private readonly ConcurrentQueue<string> _acknowledged = new();
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _requests;

    private EventSinkServer(LoopbackServer server) => _server = server;

    /// <summary>The HTTP status for request number N (from 1) and its events; null holds the request until released.</summary>
    public Func<int, IReadOnlyList<string>, int?> Answer { get; set; } = (_, _) => 200;

    public Uri Url => new(_server.Address, "flows");

    /// <summary>Requests received so far, answered or not.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Every event of every acknowledged request, in the order acknowledged.</summary>
    public IReadOnlyList<string> Acknowledged => [.. _acknowledged];

    public static async Task<EventSinkServer> StartAsync()
    {
        EventSinkServer? sink = null;
        var server = await LoopbackServer.StartAsync(app => app.MapPost("/flows", (Delegate)((HttpContext context) => sink!.HandleAsync(context))));
        sink = new EventSinkServer(server);
        return sink;
    }

    /// <summary>Lets held requests end (unacknowledged: their client is gone or gets a 503).</summary>
    public void ReleaseHeld() => _release.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        ReleaseHeld();
        await _server.DisposeAsync();
    }

    private async Task<IResult> HandleAsync(HttpContext context)
    {
        var number = Interlocked.Increment(ref _requests);
        Stream body = context.Request.Body;
        if (string.Equals(context.Request.Headers.ContentEncoding, "gzip", StringComparison.OrdinalIgnoreCase))
        {
            body = new GZipStream(body, CompressionMode.Decompress);
        }

        string text;
        using (var reader = new StreamReader(body))
        {
            text = await reader.ReadToEndAsync();
        }

        var events = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (Answer(number, events) is not { } status)
        {
            await _release.Task;
            return Results.StatusCode(503);
        }

        if (status is >= 200 and < 300)
        {
            foreach (var item in events)
            {
                _acknowledged.Enqueue(item);
            }
        }

        return Results.Text("{\"message\":\"refused by the test\"}", "application/json", statusCode: status);
    }
}
