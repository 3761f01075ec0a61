using System.Collections.Concurrent;
using System.Threading.Channels;
using KinesisFlow.TestKit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace KinesisFlow.Aws.Tests.Transport;

/// <summary>What a <see cref="LocalAwsEndpoint"/> received: the wire shape of one call, and its signature check.</summary>
public sealed record ReceivedRequest(
    string Method,
    string Path,
    string Protocol,
    string? Target,
    string? ContentType,
    byte[] Body,
    string? SignatureError,
    string ConnectionId)
{
    public string BodyText => System.Text.Encoding.UTF8.GetString(Body);
}

/// <summary>
/// A real HTTP server (Kestrel on 127.0.0.1, a free port) standing in for an AWS JSON endpoint: it records every request,
/// verifies its SigV4 signature, and answers as the test scripts it (throttle, fail, hang, succeed).
/// </summary>
public sealed class LocalAwsEndpoint : IAsyncDisposable
{
    public const string AccessKeyId = "AKIDLOCALTEST";
    public const string SecretAccessKey = "local-test-secret-key";
    public const string Region = "eu-west-1";

    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();
    private readonly Channel<ReceivedRequest> _arrivals = Channel.CreateUnbounded<ReceivedRequest>();
    private WebApplication _app = null!;

    private LocalAwsEndpoint()
    {
    }

    public Uri Url { get; private set; } = null!;

    public IReadOnlyList<ReceivedRequest> Requests => [.. _requests];

    /// <summary>Starts a server whose answer to the n-th request (1-based) is <paramref name="respond"/>(n, context).</summary>
    public static async Task<LocalAwsEndpoint> StartAsync(
        string signingService,
        Func<int, HttpContext, Task> respond,
        HttpProtocols protocols = HttpProtocols.Http1AndHttp2)
    {
        var endpoint = new LocalAwsEndpoint();
        var count = 0;
        (endpoint._app, endpoint.Url) = await LoopbackKestrel.StartAsync(app => app.Run(async context =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            var body = buffer.ToArray();
            var received = new ReceivedRequest(
                context.Request.Method,
                context.Request.Path.Value ?? string.Empty,
                context.Request.Protocol,
                context.Request.Headers["X-Amz-Target"].ToString(),
                context.Request.ContentType,
                body,
                SigV4RequestVerifier.Verify(context.Request, body, SecretAccessKey, Region, signingService),
                context.Connection.Id);
            endpoint._requests.Enqueue(received);
            endpoint._arrivals.Writer.TryWrite(received);
            await respond(Interlocked.Increment(ref count), context);
        }), protocols);
        return endpoint;
    }

    /// <summary>Options for a client of this endpoint, signing as the endpoint verifies.</summary>
    public AwsClientOptions ClientOptions(TimeSpan timeout, int maxAttempts) => new()
    {
        ServiceUrl = Url,
        Region = Region,
        AccessKeyId = AccessKeyId,
        SecretAccessKey = SecretAccessKey,
        Timeout = timeout,
        MaxAttempts = maxAttempts,
    };

    /// <summary>Waits (bounded, for real I/O) until the next request has arrived.</summary>
    public async Task<ReceivedRequest> NextRequestAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await _arrivals.Reader.ReadAsync(timeout.Token);
    }

    public static Task Json(HttpContext context, int status, string json)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/x-amz-json-1.1";
        context.Response.Headers["x-amzn-RequestId"] = "req-" + status;
        return context.Response.WriteAsync(json);
    }

    public static Task AwsError(HttpContext context, int status, string type, string message) =>
        Json(context, status, $$"""{"__type":"{{type}}","message":"{{message}}"}""");

    /// <summary>Never answers: waits until the client gives up (timeout or cancellation).</summary>
    public static async Task Hang(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The client went away, as the test intends.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
