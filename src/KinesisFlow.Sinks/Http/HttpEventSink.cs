using System.Globalization;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Threading.Channels;
using KinesisFlow.Coordination.Retries;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly;

namespace KinesisFlow.Sinks;

/// <summary>
/// Delivers events over HTTP POST, batched by count, bytes and linger time, with a bounded number of requests in
/// flight and retries (<see cref="ExponentialBackoff"/>, honouring Retry-After) on 408, 429, 5xx, timeouts and
/// connection errors. A request refused with any other status is dead-lettered event by event with the status and
/// body. A batch is acknowledged once every request carrying its events is answered 2xx or dead-lettered.
/// </summary>
/// <remarks>
/// Flow: <see cref="SendAsync"/> → bounded incoming queue → one batching loop that copies events into a request per
/// lane → bounded outgoing queue → <see cref="HttpDeliveryOptions.MaxRequestsInFlight"/> sending loops. While the
/// endpoint is down every stage fills up and SendAsync waits: the shard stops reading instead of buffering.
/// </remarks>
internal sealed partial class HttpEventSink : IEventSink
{
    // 16 batches waiting to be split: enough to keep the batching loop busy while shards serialize their next ones;
    // when full, SendAsync waits (backpressure), never drops.
    private const int IncomingCapacity = 16;
    private const int MaxResponseChars = 2048;
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);

    private readonly HttpSinkProfile _profile;
    private readonly IDeadLetterSink _deadLetters;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SinkTelemetry _telemetry;
    private readonly HttpClient _client;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly Channel<PendingBatch> _incoming;
    private readonly Channel<OutgoingRequest> _outgoing;
    private readonly OutgoingRequest?[] _open = new OutgoingRequest?[2];
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
        _deadLetters = deadLetters;
        _time = time;
        _logger = logger;
        _telemetry = telemetry;
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _pipeline = BuildPipeline(profile, time, logger, telemetry, draw ?? Random.Shared.NextDouble);
        _incoming = Channel.CreateBounded<PendingBatch>(
            new BoundedChannelOptions(IncomingCapacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

        // Capacity 1: one sealed request waits while MaxRequestsInFlight are being sent; then the batching loop waits too.
        _outgoing = Channel.CreateBounded<OutgoingRequest>(
            new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.Wait, SingleWriter = true });
        _batching = Task.Run(BatchLoopAsync);
        _senders = new Task[profile.Delivery.MaxRequestsInFlight];
        for (var i = 0; i < _senders.Length; i++)
        {
            _senders[i] = Task.Run(SendLoopAsync);
        }
    }

    public string Name => _profile.Name;

    public string OutputFormat => _profile.OutputFormat;

    /// <summary>A generic <c>http:URL</c> sink.</summary>
    public static HttpEventSink CreateGeneric(Uri url, string format, HttpSinkOptions options, IDeadLetterSink deadLetters, TimeProvider time, ILoggerFactory loggers, SinkTelemetry telemetry) =>
        new(GenericProfile(url, format, options), deadLetters, time, loggers.CreateLogger<HttpEventSink>(), telemetry, CreateHandler());

    internal static HttpSinkProfile GenericProfile(Uri url, string format, HttpSinkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var lane = new RequestLane(url, options.Body == HttpBodyKinds.Array ? BodyFraming.JsonArray : BodyFraming.Ndjson);
        return new HttpSinkProfile(
            HttpSinkProfile.NameFor("http", url), format, lane, lane, [.. options.Headers], options, options.MaxRequestBytes, options.Gzip);
    }

    /// <summary>
    /// The SEKOIA.IO intake: text lines to <c>plain/batch</c>, JSON events to <c>jsons</c> under
    /// <paramref name="intake"/>, the key in <c>X-SEKOIAIO-INTAKE-KEY</c>.
    /// </summary>
    public static HttpEventSink CreateSekoia(Uri intake, string format, SekoiaSinkOptions options, IDeadLetterSink deadLetters, TimeProvider time, ILoggerFactory loggers, SinkTelemetry telemetry) =>
        new(SekoiaProfile(intake, format, options), deadLetters, time, loggers.CreateLogger<HttpEventSink>(), telemetry, CreateHandler());

    internal static HttpSinkProfile SekoiaProfile(Uri intake, string format, SekoiaSinkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var text = new RequestLane(new Uri(intake, "plain/batch"), BodyFraming.PlainLines);
        var json = new RequestLane(new Uri(intake, "jsons"), BodyFraming.JsonArray);
        KeyValuePair<string, string>[] headers = [new("X-SEKOIAIO-INTAKE-KEY", options.IntakeKey ?? string.Empty)];
        var maxEvent = Math.Min(options.MaxEventBytes, SekoiaSinkOptions.IntakeMaxEventBytes);
        return new HttpSinkProfile(HttpSinkProfile.NameFor("sekoia", intake), format, text, json, headers, options, maxEvent, Gzip: false);
    }

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

    internal static SocketsHttpHandler CreateHandler() => new()
    {
        // Certificates are verified (the default); plain HTTP is used only for an http:// URL.
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(10),
        AllowAutoRedirect = false,
    };

    private static ResiliencePipeline<HttpResponseMessage> BuildPipeline(HttpSinkProfile profile, TimeProvider time, ILogger logger, SinkTelemetry telemetry, Func<double> draw)
    {
        var delivery = profile.Delivery;
        var backoff = new ExponentialBackoff(delivery.RetryBaseDelay, delivery.MaxRetryDelay);
        var retry = new HttpRetryStrategyOptions
        {
            // Never give up while running: an outage backs up into the shards (nothing is lost or acknowledged
            // early); shutdown cancels the wait.
            MaxRetryAttempts = int.MaxValue,
            ShouldRetryAfterHeader = true,

            // 408, 429, 5xx, connection errors and attempt timeouts; also a connect timeout surfacing as a
            // cancellation that is not ours (only shutdown stops the retrying).
            ShouldHandle = arguments => ValueTask.FromResult(
                HttpClientResiliencePredicates.IsTransient(arguments.Outcome)
                || (arguments.Outcome.Exception is OperationCanceledException && !arguments.Context.CancellationToken.IsCancellationRequested)),
            OnRetry = arguments =>
            {
                var cause = arguments.Outcome.Exception?.GetType().Name ?? ((int)arguments.Outcome.Result!.StatusCode).ToString(CultureInfo.InvariantCulture);
                telemetry.Retried(profile.Name, cause);
                LogRetrying(logger, profile.Name, cause, arguments.AttemptNumber + 1, arguments.RetryDelay);
                return default;
            },
        };

        // The waits are the service's one backoff, not Polly's own (decorrelated jitter): a Retry-After the server
        // sent wins (the library's parsing, set up by ShouldRetryAfterHeader), otherwise the ExponentialBackoff for
        // this many failures in a row (Polly counts retries from 0).
        var retryAfter = retry.DelayGenerator!;
        retry.DelayGenerator = async arguments =>
            await retryAfter(arguments) ?? backoff.DelayAfter(arguments.AttemptNumber + 1, draw());

        return new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddRetry(retry)
            .AddTimeout(delivery.RequestTimeout)
            .Build();
    }

    private async Task BatchLoopAsync()
    {
        var reader = _incoming.Reader;
        Task<bool>? waiting = null;
        try
        {
            while (true)
            {
                waiting ??= reader.WaitToReadAsync(_abort.Token).AsTask();
                if (!waiting.IsCompleted && OldestOpen() is { } oldest)
                {
                    var due = oldest.StartedAt + _profile.Delivery.Linger - _time.GetUtcNow();
                    if (due > TimeSpan.Zero && await LingerAsync(waiting, due))
                    {
                        continue;
                    }

                    if (!waiting.IsCompleted)
                    {
                        await SealDueAsync();
                        continue;
                    }
                }

                var more = await waiting;
                waiting = null;
                if (!more)
                {
                    break;
                }

                while (reader.TryRead(out var pending))
                {
                    await SplitAsync(pending);
                }
            }

            for (var lane = 0; lane < _open.Length; lane++)
            {
                await SealAsync(lane);
            }
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            FailOpenRequests();
        }
        finally
        {
            _outgoing.Writer.TryComplete();
            while (reader.TryRead(out var left))
            {
                left.Fail(new ObjectDisposedException(Name));
                left.Release();
                left.Dispose();
            }
        }
    }

    // Waits for events or for the linger time to run out; true when events (or the end) arrived first.
    private async Task<bool> LingerAsync(Task<bool> waiting, TimeSpan due)
    {
        using var stopTimer = CancellationTokenSource.CreateLinkedTokenSource(_abort.Token);
        var timer = Task.Delay(due, _time, stopTimer.Token);
        var first = await Task.WhenAny(waiting, timer);
        await stopTimer.CancelAsync();
        return first == waiting;
    }

    private OutgoingRequest? OldestOpen()
    {
        OutgoingRequest? oldest = null;
        foreach (var request in _open)
        {
            if (request is not null && (oldest is null || request.StartedAt < oldest.StartedAt))
            {
                oldest = request;
            }
        }

        return oldest;
    }

    private async Task SealDueAsync()
    {
        var now = _time.GetUtcNow();
        for (var lane = 0; lane < _open.Length; lane++)
        {
            if (_open[lane] is { } request && now - request.StartedAt >= _profile.Delivery.Linger)
            {
                await SealAsync(lane);
            }
        }
    }

    private async Task SealAsync(int lane)
    {
        if (_open[lane] is not { } request)
        {
            return;
        }

        _open[lane] = null;
        request.Seal();
        try
        {
            await _outgoing.Writer.WriteAsync(request, _abort.Token);
        }
        catch
        {
            request.Finish(new ObjectDisposedException(Name));
            request.Dispose();
            throw;
        }
    }

    private void FailOpenRequests()
    {
        for (var lane = 0; lane < _open.Length; lane++)
        {
            if (_open[lane] is { } request)
            {
                _open[lane] = null;
                request.Finish(new ObjectDisposedException(Name));
                request.Dispose();
            }
        }
    }

    private async Task SplitAsync(PendingBatch pending)
    {
        var batch = pending.Batch;
        List<RejectedEvent>? tooLarge = null;
        try
        {
            var records = batch.RecordCount;
            var record = 0;
            for (var i = 0; i < batch.Count; i++)
            {
                while (batch.Records[record].EndEvent <= i && record < records - 1)
                {
                    record++;
                }

                var origin = batch.Records[record];
                var payload = batch.GetEvent(i);
                var laneIndex = LaneIndex(origin.Encoding);
                var lane = laneIndex == 0 ? _profile.TextLane : _profile.JsonLane;
                if (payload.Length > _profile.MaxEventBytes || lane.Framing.SingleEventSize(payload.Length) > _profile.Delivery.MaxRequestBytes)
                {
                    (tooLarge ??= []).Add(new RejectedEvent(RejectionReasons.TooLarge, $"event of {payload.Length} bytes exceeds the {_profile.MaxEventBytes}-byte limit of {Name}")
                    {
                        Sink = Name,
                        ShardId = batch.ShardId,
                        SequenceNumber = origin.SequenceNumber,
                        LogGroup = origin.LogGroup,
                        Data = payload.ToArray(),
                    });
                    continue;
                }

                var request = _open[laneIndex];
                if (request is not null && !request.Fits(payload.Length, _profile.Delivery))
                {
                    await SealAsync(laneIndex);
                    request = null;
                }

                request ??= _open[laneIndex] = new OutgoingRequest(lane, _time.GetUtcNow());
                request.Add(payload.Span, batch.ShardId, origin, pending);
                if (request.Count >= _profile.Delivery.MaxEventsPerRequest)
                {
                    await SealAsync(laneIndex);
                }
            }

            if (tooLarge is not null)
            {
                LogTooLarge(_logger, Name, tooLarge.Count, _profile.MaxEventBytes);
                _telemetry.DeadLettered(Name, RejectionReasons.TooLarge, tooLarge.Count);
                await _deadLetters.WriteAsync(tooLarge, _abort.Token);
            }
        }
        catch (Exception exception)
        {
            pending.Fail(exception);
            if (exception is OperationCanceledException)
            {
                throw;
            }
        }
        finally
        {
            pending.Dispose();
            pending.Release();
        }
    }

    // Generic sinks have one lane for both encodings; SEKOIA.IO has one per encoding.
    private int LaneIndex(EventEncoding encoding) =>
        ReferenceEquals(_profile.TextLane, _profile.JsonLane) || encoding == EventEncoding.Text ? 0 : 1;

    private async Task SendLoopAsync()
    {
        await foreach (var request in _outgoing.Reader.ReadAllAsync(CancellationToken.None))
        {
            Exception? failure = null;
            try
            {
                await DeliverAsync(request);
            }
            catch (Exception exception)
            {
                failure = exception;
            }

            request.Finish(failure);
            request.Dispose();
        }
    }

    private async Task DeliverAsync(OutgoingRequest request)
    {
        var body = _profile.Gzip ? Compress(request.Body.Span) : request.Body;
        using var response = await _pipeline.ExecuteAsync(
            static async (state, token) =>
            {
                using var message = state.Sink.CreateMessage(state.Request.Lane, state.Body);
                return await state.Sink._client.SendAsync(message, HttpCompletionOption.ResponseContentRead, token);
            },
            (Sink: this, Request: request, Body: body),
            _abort.Token);

        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var status = (int)response.StatusCode;
        var text = await ReadSomeAsync(response);
        LogRejected(_logger, Name, status, request.Count);
        _telemetry.DeadLettered(Name, status.ToString(CultureInfo.InvariantCulture), request.Count);
        var message = $"{Name} refused the request with HTTP {status}";
        await _deadLetters.WriteAsync(request.ToRejected(Name, message, status, text), _abort.Token);
    }

    private HttpRequestMessage CreateMessage(RequestLane lane, ReadOnlyMemory<byte> body)
    {
        var content = new ReadOnlyMemoryContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(lane.Framing.ContentType);
        if (_profile.Gzip)
        {
            content.Headers.ContentEncoding.Add("gzip");
        }

        var message = new HttpRequestMessage(HttpMethod.Post, lane.Endpoint) { Content = content };
        foreach (var header in _profile.Headers)
        {
            message.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        return message;
    }

    private static ReadOnlyMemory<byte> Compress(ReadOnlySpan<byte> body)
    {
        // One buffer per request (not per event); the compressed body lives only as long as the request.
        var compressed = new MemoryStream(body.Length / 4);
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(body);
        }

        return compressed.GetBuffer().AsMemory(0, (int)compressed.Length);
    }

    private async Task<string> ReadSomeAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(_abort.Token);
        return text.Length <= MaxResponseChars ? text : text[..MaxResponseChars];
    }

    [LoggerMessage(EventId = 501, Level = LogLevel.Warning, Message = "Sink {Sink} could not deliver ({Cause}); attempt {Attempt} in {Delay}")]
    private static partial void LogRetrying(ILogger logger, string sink, string cause, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = 502, Level = LogLevel.Error, Message = "Sink {Sink} refused a request with HTTP {Status}; its {Events} events went to the dead-letter file")]
    private static partial void LogRejected(ILogger logger, string sink, int status, int events);

    [LoggerMessage(EventId = 503, Level = LogLevel.Warning, Message = "Sink {Sink}: {Events} events over {Limit} bytes went to the dead-letter file")]
    private static partial void LogTooLarge(ILogger logger, string sink, int events, int limit);
}
