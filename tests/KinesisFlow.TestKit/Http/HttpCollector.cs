using System.Collections.Concurrent;
using System.IO.Compression;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace KinesisFlow.TestKit.Http;

/// <summary>
/// A real HTTP intake (Kestrel on 127.0.0.1, a free port, any path) for the sinks and commands under test: it records
/// every request, answers what <see cref="Respond"/> says (200 with an empty JSON object unless told otherwise), can
/// hold requests unanswered (<see cref="Hold"/>, or a reply's <see cref="Reply.WaitFor"/>), and keeps the NDJSON
/// events of the requests it acknowledged with a 2xx.
/// </summary>
public sealed class HttpCollector : IAsyncDisposable
{
    /// <summary>Above Kestrel's 30 MB default: a 10,000-event batch of large events, or a near-1 MiB event, fits.</summary>
    private const long MaxRequestBodySize = 64 * 1024 * 1024;

    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly ConcurrentQueue<string> _acknowledged = new();
    private readonly CancellationTokenSource _stopping = new();
    private TaskCompletionSource _open = Opened();
    private WebApplication _app = null!;
    private int _received;
    private int _held;
    private int _active;
    private int _mostActive;

    private HttpCollector()
    {
    }

    /// <summary>The clock stamped on each recorded request (a test's simulated time, if it has one).</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>Decides the answer to each request (once it is recorded and no longer held); null → 200 with "{}".</summary>
    public Func<RecordedRequest, Reply?> Respond { get; set; } = _ => null;

    /// <summary>Told when a request starts (true) and stops (false) being held, before its answer is written.</summary>
    public Action<RecordedRequest, bool>? Holding { get; set; }

    /// <summary>The server's address, ending in '/': every path under it is answered alike.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Every request received so far, answered or not, in the order received.</summary>
    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>Requests received so far (cheaper than <see cref="Requests"/> to poll).</summary>
    public int RequestCount => Volatile.Read(ref _received);

    /// <summary>Every event of every acknowledged request, in the order acknowledged.</summary>
    public IReadOnlyList<string> Acknowledged => [.. _acknowledged];

    /// <summary>Requests held unanswered right now.</summary>
    public int Held => Volatile.Read(ref _held);

    /// <summary>The most requests that were being handled at the same moment.</summary>
    public int MostConcurrentRequests => Volatile.Read(ref _mostActive);

    public static async Task<HttpCollector> StartAsync()
    {
        var collector = new HttpCollector();
        (collector._app, collector.BaseAddress) = await LoopbackKestrel.StartAsync(
            app => app.Run(collector.HandleAsync), configure: kestrel => kestrel.Limits.MaxRequestBodySize = MaxRequestBodySize);
        return collector;
    }

    /// <summary>From now on, requests wait unanswered (a collector that stops acknowledging) until <see cref="Release"/>.</summary>
    public void Hold()
    {
        var open = Volatile.Read(ref _open);
        if (open.Task.IsCompleted)
        {
            Interlocked.CompareExchange(ref _open, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), open);
        }
    }

    /// <summary>Lets the requests held by <see cref="Hold"/> be answered, and the next ones answered at once.</summary>
    public void Release() => Volatile.Read(ref _open).TrySetResult();

    public async ValueTask DisposeAsync()
    {
        // Held requests end first (answered 503), or stopping the server would wait for them.
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private static TaskCompletionSource Opened()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
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

    private async Task RecordAndReplyAsync(HttpContext context)
    {
        var request = await RecordAsync(context);
        if (!await WaitHeldAsync(request, Volatile.Read(ref _open).Task, context.RequestAborted))
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        var reply = Respond(request) ?? new Reply(200, "{}");
        if (reply.WaitFor is { } wait && !await WaitHeldAsync(request, wait, context.RequestAborted))
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        if (reply.Abort)
        {
            // Drop the connection without an answer: what the client sees when a proxy or the intake falls over.
            context.Abort();
            return;
        }

        if (reply.Status is >= 200 and < 300)
        {
            foreach (var item in request.Events)
            {
                _acknowledged.Enqueue(item);
            }
        }

        context.Response.StatusCode = reply.Status;
        if (reply.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await context.Response.WriteAsync(reply.Body);
    }

    private async Task<RecordedRequest> RecordAsync(HttpContext context)
    {
        var number = Interlocked.Increment(ref _received);
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
            number,
            context.Request.Method,
            context.Request.Path + context.Request.QueryString,
            context.Request.Headers.ToDictionary(header => header.Key, header => header.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            bytes,
            (int)body.Length,
            gzipped,
            Clock.GetUtcNow());
        _requests.Enqueue(request);
        return request;
    }

    /// <summary>
    /// Holds <paramref name="request"/> until <paramref name="until"/> ends; false when the collector stops first (the
    /// request is answered 503). A client that gives up ends the request through <paramref name="aborted"/>.
    /// </summary>
    private async Task<bool> WaitHeldAsync(RecordedRequest request, Task until, CancellationToken aborted)
    {
        if (until.IsCompleted)
        {
            return true;
        }

        Interlocked.Increment(ref _held);
        Holding?.Invoke(request, true);
        try
        {
            using var either = CancellationTokenSource.CreateLinkedTokenSource(aborted, _stopping.Token);
            await until.WaitAsync(either.Token);
            return true;
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested || aborted.IsCancellationRequested)
        {
            return false;
        }
        finally
        {
            Interlocked.Decrement(ref _held);
            Holding?.Invoke(request, false);
        }
    }
}
