using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace KinesisFlow.Sinks;

/// <summary>
/// Delivers events over HTTP POST, batched by count, bytes and linger time, with a bounded number of requests in
/// flight and retries (<see cref="HttpRetryPipeline"/>) on 408, 429, 5xx, timeouts and connection errors. A request
/// refused with any other status is dead-lettered event by event with the status and body
/// (<see cref="HttpRejectionHandler"/>). A batch is acknowledged once every request carrying its events is answered
/// 2xx or dead-lettered. Built by <see cref="HttpEventSinkFactory"/>.
/// </summary>
/// <remarks>
/// Flow: <see cref="SendAsync"/> → bounded incoming queue → one <see cref="RequestBatcher"/> that copies events into
/// a request per lane → bounded outgoing queue → <see cref="HttpDeliveryOptions.MaxRequestsInFlight"/>
/// <see cref="RequestSender"/>s. While the endpoint is down every stage fills up and SendAsync waits: the shard stops
/// reading instead of buffering.
/// </remarks>
internal sealed class HttpEventSink : IEventSink
{
    // 16 batches waiting to be split: enough to keep the batching loop busy while shards serialize their next ones;
    // when full, SendAsync waits (backpressure), never drops.
    private const int IncomingCapacity = 16;
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);

    private readonly HttpSinkProfile _profile;
    private readonly TimeProvider _time;
    private readonly HttpClient _client;
    private readonly Channel<PendingBatch> _incoming;
    private readonly CancellationTokenSource _abort = new();
    private readonly Task _batching;
    private readonly Task[] _senders;
    private int _disposed;

    /// <param name="profile">Where and how this sink posts.</param>
    /// <param name="deadLetters">Where refused events go.</param>
    /// <param name="time">Clock for linger, timeouts and retry waits.</param>
    /// <param name="logger">Log of retries and refusals.</param>
    /// <param name="telemetry">Sink instruments.</param>
    /// <param name="handler">The HTTP handler (tests wrap it).</param>
    /// <param name="draw">Uniform draws in [0, 1) for the retry backoff's jitter (<see cref="Random.Shared"/> when null); tests fix them.</param>
    internal HttpEventSink(HttpSinkProfile profile, IDeadLetterSink deadLetters, TimeProvider time, ILogger logger, SinkTelemetry telemetry, HttpMessageHandler handler, Func<double>? draw = null)
    {
        _profile = profile;
        _time = time;
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        var pipeline = HttpRetryPipeline.Build(profile, time, logger, telemetry, draw ?? Random.Shared.NextDouble);
        var rejections = new HttpRejectionHandler(profile, deadLetters, logger, telemetry);
        var requests = new HttpRequestBuilder(profile);
        _incoming = Channel.CreateBounded<PendingBatch>(
            new BoundedChannelOptions(IncomingCapacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

        // Capacity 1: one sealed request waits while MaxRequestsInFlight are being sent; then the batching loop waits too.
        var outgoing = Channel.CreateBounded<OutgoingRequest>(
            new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.Wait, SingleWriter = true });
        var batcher = new RequestBatcher(profile, time, rejections, _incoming.Reader, outgoing.Writer, _abort.Token);
        _batching = Task.Run(batcher.RunAsync);
        _senders = new Task[profile.Delivery.MaxRequestsInFlight];
        for (var i = 0; i < _senders.Length; i++)
        {
            var sender = new RequestSender(_client, pipeline, requests, rejections, outgoing.Reader, _abort.Token);
            _senders[i] = Task.Run(sender.RunAsync);
        }
    }

    public string Name => _profile.Name;

    public string OutputFormat => _profile.OutputFormat;

    public async ValueTask SendAsync(EventBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (batch.Count == 0)
        {
            return;
        }

        // The copy is made only once there is room, so callers waiting on a full queue hold no second copy. With the
        // copy the caller may give up (cancel) at any point without its buffer being read after it recycles it.
        PendingBatch? pending = null;
        var writer = _incoming.Writer;
        while (true)
        {
            if (!await writer.WaitToWriteAsync(cancellationToken))
            {
                pending?.Dispose();
                throw new ObjectDisposedException(Name);
            }

            pending ??= new PendingBatch(batch.Copy());
            if (writer.TryWrite(pending))
            {
                break;
            }
        }

        await pending.Completion.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _incoming.Writer.TryComplete();
        var loops = Task.WhenAll([_batching, .. _senders]);
        try
        {
            // Whatever is queued gets a last chance to go out; a dead endpoint does not hold shutdown hostage.
            await loops.WaitAsync(DrainTimeout, _time);
        }
        catch (TimeoutException)
        {
            await _abort.CancelAsync();
            await loops;
        }

        _client.Dispose();
        _abort.Dispose();
    }
}
