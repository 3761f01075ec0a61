using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace KinesisFlow.Aws;

/// <summary>Writes the properties of a request body (the surrounding object is written by the transport).</summary>
public delegate void AwsJsonWriter<in TRequest>(Utf8JsonWriter writer, TRequest request);

/// <summary>Reads a response from the root of its JSON body (an empty object when the body is empty).</summary>
public delegate TResponse AwsJsonReader<out TResponse>(JsonElement root);

/// <summary>
/// The shared transport of AWS JSON-protocol clients (Kinesis, CloudWatch Logs): signed POST / with
/// X-Amz-Target, AWS errors surfaced by name, retries of throttling, 5xx, network faults and timeouts with capped
/// exponential backoff and full jitter, a per-attempt timeout, cancellation everywhere, time from a TimeProvider.
/// One instance per service client; it owns one pooled connection handler.
/// </summary>
public sealed class AwsJsonClient : IDisposable
{
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/x-amz-json-1.1");
    private static readonly byte[] EmptyObject = "{}"u8.ToArray();
    private static readonly ProductInfoHeaderValue UserAgent = new("kinesisflow", typeof(AwsJsonClient).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");

    private readonly HttpClient _http;
    private readonly AwsJsonService _service;
    private readonly TimeSpan _attemptTimeout;
    private readonly Action<AwsRetryNotice>? _onRetry;

    /// <param name="service">The service this client calls.</param>
    /// <param name="options">Endpoint, credentials, timeout and retry settings.</param>
    /// <param name="timeProvider">Clock for timeouts and backoff (the system clock when null).</param>
    /// <param name="retryPolicy">Overrides the policy derived from <paramref name="options"/>.</param>
    /// <param name="onRetry">Told of every retry before its backoff (metrics, logs); must not throw.</param>
    public AwsJsonClient(
        AwsJsonService service,
        AwsClientOptions options,
        TimeProvider? timeProvider = null,
        AwsRetryPolicy? retryPolicy = null,
        Action<AwsRetryNotice>? onRetry = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        _service = service;
        _attemptTimeout = options.Timeout;
        _onRetry = onRetry;
        Endpoint = AwsEndpointResolver.Resolve(service.EndpointPrefix, options);
        RetryPolicy = retryPolicy ?? AwsRetryPolicy.From(options);
        TimeProvider = timeProvider ?? TimeProvider.System;
        var handler = AwsHttpHandlerFactory.Create(AwsCredentialsFactory.Create(options), Endpoint.SigningRegion, service.SigningName);

        // Timeouts are applied per attempt below (with the TimeProvider), never by HttpClient: a subscription stream
        // legitimately stays open for minutes after its headers arrive.
        _http = new HttpClient(handler, disposeHandler: true) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
    }

    public AwsEndpoint Endpoint { get; }

    public AwsRetryPolicy RetryPolicy { get; }

    /// <summary>Time allowed for one attempt; event-stream readers also use it as the longest silence between events.</summary>
    public TimeSpan AttemptTimeout => _attemptTimeout;

    public TimeProvider TimeProvider { get; }

    /// <summary>Calls <paramref name="operation"/> and reads its response.</summary>
    public async Task<TResponse> InvokeAsync<TRequest, TResponse>(
        AwsOperation operation,
        TRequest request,
        AwsJsonWriter<TRequest> writeRequest,
        AwsJsonReader<TResponse> readResponse,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(readResponse);
        var body = Serialize(request, writeRequest);
        return await SendWithRetriesAsync(
            operation,
            body,
            eventStream: false,
            async (response, token) =>
            {
                using (response)
                {
                    return await ReadJsonAsync(response, readResponse, token);
                }
            },
            cancellationToken);
    }

    /// <summary>Calls an operation whose response carries nothing the caller needs.</summary>
    public Task InvokeAsync<TRequest>(AwsOperation operation, TRequest request, AwsJsonWriter<TRequest> writeRequest, CancellationToken cancellationToken) =>
        InvokeAsync(operation, request, writeRequest, static _ => true, cancellationToken);

    /// <summary>
    /// Starts an event-stream operation (SubscribeToShard) over HTTP/2 — prior knowledge (h2c) on a plain http endpoint —
    /// and returns the successful response once its headers have arrived; the caller owns and disposes it. The attempt
    /// timeout and retries cover only getting that response; errors before it surface as <see cref="AwsServiceException"/>.
    /// </summary>
    public Task<HttpResponseMessage> OpenEventStreamAsync<TRequest>(
        AwsOperation operation,
        TRequest request,
        AwsJsonWriter<TRequest> writeRequest,
        CancellationToken cancellationToken)
    {
        var body = Serialize(request, writeRequest);
        return SendWithRetriesAsync(operation, body, eventStream: true, static (response, _) => Task.FromResult(response), cancellationToken);
    }

    public void Dispose() => _http.Dispose();

    private static byte[] Serialize<TRequest>(TRequest request, AwsJsonWriter<TRequest> writeRequest)
    {
        ArgumentNullException.ThrowIfNull(writeRequest);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writeRequest(writer, request);
            writer.WriteEndObject();
        }

        // One array per call, reused by every attempt (the signer hashes it each time).
        return buffer.WrittenSpan.ToArray();
    }

    private static async Task<TResponse> ReadJsonAsync<TResponse>(HttpResponseMessage response, AwsJsonReader<TResponse> read, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var (buffer, length) = await ResponseBodyReader.ReadPooledAsync(stream, response.Content.Headers.ContentLength, cancellationToken);
        try
        {
            // An empty body (with or without Content-Length: 0, e.g. chunked over HTTP/2) is an empty result.
            using var document = JsonDocument.Parse(length == 0 ? EmptyObject : buffer.AsMemory(0, length));
            return read(document.RootElement);
        }
        catch (JsonException e)
        {
            throw new AwsServiceException("InvalidResponse", "The service returned a response that is not JSON: " + e.Message, response.StatusCode, AwsErrorReader.RequestIdOf(response));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task<TResult> SendWithRetriesAsync<TResult>(
        AwsOperation operation,
        byte[] body,
        bool eventStream,
        Func<HttpResponseMessage, CancellationToken, Task<TResult>> onSuccess,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        for (var attempt = 1; ; attempt++)
        {
            var isLast = attempt >= RetryPolicy.MaxAttempts;
            string reason;
            using (var attemptTimeout = new CancellationTokenSource(_attemptTimeout, TimeProvider))
            using (var attemptToken = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, attemptTimeout.Token))
            {
                try
                {
                    using var request = CreateRequest(operation, body, eventStream);
                    var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attemptToken.Token);
                    if (response.IsSuccessStatusCode)
                    {
                        return await onSuccess(response, attemptToken.Token);
                    }

                    AwsServiceException error;
                    using (response)
                    {
                        error = await AwsErrorReader.ReadAsync(response, attemptToken.Token);
                    }

                    if (isLast || !AwsRetryPolicy.IsRetryable(error, operation))
                    {
                        throw error;
                    }

                    reason = error.ErrorCode;
                }
                catch (OperationCanceledException e) when (attemptTimeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    if (isLast)
                    {
                        throw new TimeoutException(
                            $"{_service.TargetPrefix}.{operation.Name} to {Endpoint.Url} timed out after {_attemptTimeout.TotalSeconds:0.###} s, {attempt} attempt(s).",
                            e);
                    }

                    reason = AwsRetryNotice.Timeout;
                }
                catch (HttpRequestException) when (!isLast)
                {
                    // Connection refused or reset, DNS failure: transient for an AWS endpoint; retried below.
                    reason = AwsRetryNotice.NetworkError;
                }
                catch (IOException) when (!isLast)
                {
                    // The connection broke while the response was being read.
                    reason = AwsRetryNotice.NetworkError;
                }
            }

            var delay = RetryPolicy.DelayAfter(attempt);
            _onRetry?.Invoke(new AwsRetryNotice(operation.Name, attempt, reason, delay));
            await Task.Delay(delay, TimeProvider, cancellationToken);
        }
    }

    private HttpRequestMessage CreateRequest(AwsOperation operation, byte[] body, bool eventStream)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = JsonContentType;
        var request = new HttpRequestMessage(HttpMethod.Post, Endpoint.Url)
        {
            Content = content,
            Version = HttpVersion.Version20,

            // JSON calls take HTTP/2 when TLS negotiation offers it and HTTP/1.1 otherwise; an event stream needs HTTP/2,
            // which on a plain http endpoint means prior knowledge (h2c).
            VersionPolicy = eventStream ? HttpVersionPolicy.RequestVersionExact : HttpVersionPolicy.RequestVersionOrLower,
        };
        request.Headers.TryAddWithoutValidation("X-Amz-Target", _service.TargetPrefix + "." + operation.Name);
        request.Headers.UserAgent.Add(UserAgent);
        return request;
    }
}
