using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KinesisFlow.Consumer.Tests.Support;

/// <summary>
/// An HTTP intake on 127.0.0.1 (Kestrel) for the <c>http:URL</c> sink: it keeps every request waiting while blocked,
/// then accepts them (200) and records the NDJSON events they carried.
/// </summary>
public sealed class BlockingIntake : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<string> _events = new();
    private TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _waiting;

    private BlockingIntake(WebApplication app)
    {
        _app = app;
        _app.MapPost("/", HandleAsync);
    }

    public Uri Url { get; private set; } = null!;

    /// <summary>Requests held right now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    public IReadOnlyCollection<string> Events => _events;

    public static async Task<BlockingIntake> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var intake = new BlockingIntake(builder.Build());
        await intake._app.StartAsync();
        var address = intake._app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        intake.Url = new Uri(address + "/");
        return intake;
    }

    public void Block() => Interlocked.Exchange(ref _open, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public void Unblock() => _open.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        Unblock();
        await _app.DisposeAsync();
    }

    private async Task<IResult> HandleAsync(HttpRequest request)
    {
        Interlocked.Increment(ref _waiting);
        try
        {
            await Volatile.Read(ref _open).Task.WaitAsync(request.HttpContext.RequestAborted);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }

        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        foreach (var line in body.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            _events.Enqueue(line);
        }

        return Results.Ok();
    }
}
