using System.Collections.Concurrent;
using System.IO.Compression;
using KinesisFlow.TestKit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace KinesisFlow.Sinks.Tests.Http;

/// <summary>
/// A real HTTP server (Kestrel on 127.0.0.1, a free port) that records every request it receives and answers what
/// the test tells it to: 200 by default, or whatever <see cref="Respond"/> returns for a request.
/// </summary>
internal sealed class RecordingServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private WebApplication _app = null!;
    private int _active;
    private int _mostActive;

    private RecordingServer()
    {
    }

    /// <summary>The clock stamped on each recorded request (the test's simulated time).</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>Decides the answer to each request (after it is recorded); null → 200 with an empty JSON object.</summary>
    public Func<RecordedRequest, Reply?> Respond { get; set; } = _ => null;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Where the ids (<see cref="SinkActivity.RequestIdHeader"/>) of requests held on <see cref="Reply.WaitFor"/> are kept meanwhile.</summary>
    public ConcurrentDictionary<long, byte>? Held { get; set; }

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>The most requests that were being handled at the same moment.</summary>
    public int MostConcurrentRequests => Volatile.Read(ref _mostActive);

    public static async Task<RecordingServer> StartAsync()
    {
        var server = new RecordingServer();
        (server._app, server.BaseAddress) = await LoopbackKestrel.StartAsync(
            app => app.Run(server.HandleAsync), configure: kestrel => kestrel.Limits.MaxRequestBodySize = 64 * 1024 * 1024);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var active = Interlocked.Increment(ref _active);
        try
        {
            InterlockedMax(ref _mostActive, active);
            await RecordAndReplyAsync(context);
        }
        finally
        {
            Interlocked.Decrement(ref _active);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen)
        {
            var previous = Interlocked.CompareExchange(ref target, value, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }

    private async Task RecordAndReplyAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var bytes = body.ToArray();
        var gzipped = string.Equals(context.Request.Headers.ContentEncoding, "gzip", StringComparison.OrdinalIgnoreCase);
        if (gzipped)
        {
            using var inflated = new MemoryStream();
            using (var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress))
            {
                await gzip.CopyToAsync(inflated);
            }

            bytes = inflated.ToArray();
        }

        var request = new RecordedRequest(
            context.Request.Method,
            context.Request.Path + context.Request.QueryString,
            context.Request.Headers.ToDictionary(header => header.Key, header => header.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            bytes,
            (int)body.Length,
            gzipped,
            Clock.GetUtcNow());
        _requests.Enqueue(request);

        var reply = Respond(request) ?? new Reply(200, "{}");
        if (reply.WaitFor is { } wait)
        {
            var id = long.TryParse(request.Header(SinkActivity.RequestIdHeader), System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
            Held?.TryAdd(id, 0);
            try
            {
                await wait;
            }
            finally
            {
                Held?.TryRemove(id, out _);
            }
        }

        if (reply.Abort)
        {
            // Drop the connection without an answer: what the client sees when a proxy or the intake falls over.
            context.Abort();
            return;
        }

        context.Response.StatusCode = reply.Status;
        if (reply.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await context.Response.WriteAsync(reply.Body);
    }
}

internal sealed record RecordedRequest(
    string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, byte[] Body, int WireLength, bool Gzipped, DateTimeOffset ReceivedAt)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Body);

    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : string.Empty;
}

/// <summary>An answer: status and body, optionally a Retry-After, a dropped connection, or a wait before answering.</summary>
internal sealed record Reply(int Status, string Body = "", int? RetryAfterSeconds = null, bool Abort = false, Task? WaitFor = null);
