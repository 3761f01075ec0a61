using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace KinesisFlow.TestKit;

/// <summary>
/// Enhanced fan-out with AWS's event shapes over kinesalite's fast store, for backlogs kinesis-mock cannot serve
/// (it sends a whole backlog as one event, beyond the 16 MiB message limit, at ~0.5 MB/s; tests/emulators/README.md).
/// HTTPS with ALPN h2 on 127.0.0.1 (a <see cref="LoopbackCertificate"/>), the path AWS serves. It answers
/// RegisterStreamConsumer, DescribeStreamConsumer and ListStreamConsumers itself, serves SubscribeToShard from
/// kinesalite's GetRecords as AWS does (an initial-response, then events of at most
/// <c>recordsPerEvent</c> records, heartbeats when caught up, the stream closed when the subscription's time is up,
/// ResourceInUseException while another subscription of the consumer to the shard is open), and forwards every other
/// call to kinesalite unchanged.
/// </summary>
public sealed class KinesaliteFanOut : IAsyncDisposable
{
    private static readonly MediaTypeHeaderValue JsonType = new("application/x-amz-json-1.1");
    private static readonly JsonSerializerOptions OmitNulls = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };
    private static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan CaughtUpPoll = TimeSpan.FromMilliseconds(200);
    private readonly HttpClient _kinesalite;
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, string> _consumers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _open = new(StringComparer.Ordinal);
    private readonly System.Security.Cryptography.X509Certificates.X509Certificate2 _serverCertificate;
    private readonly int _recordsPerEvent;
    private readonly TimeSpan _subscriptionLifetime;
    private int _subscriptions;

    private KinesaliteFanOut(
        HttpClient kinesalite, WebApplication app, Uri endpoint, LoopbackCertificate certificate, System.Security.Cryptography.X509Certificates.X509Certificate2 serverCertificate, int recordsPerEvent, TimeSpan lifetime)
    {
        _serverCertificate = serverCertificate;
        _kinesalite = kinesalite;
        _app = app;
        Endpoint = endpoint;
        Certificate = certificate;
        _recordsPerEvent = recordsPerEvent;
        _subscriptionLifetime = lifetime;
    }

    /// <summary>https://127.0.0.1:PORT/: the <c>--endpoint-url</c> of a worker, which must trust <see cref="Certificate"/>.</summary>
    public Uri Endpoint { get; }

    public LoopbackCertificate Certificate { get; }

    /// <summary>SubscribeToShard calls answered with events so far (renewals included).</summary>
    public int Subscriptions => Volatile.Read(ref _subscriptions);

    /// <param name="kinesalite">kinesalite's endpoint.</param>
    /// <param name="recordsPerEvent">Most records per event: 2 records near 1 MiB make the ~2 MB an AWS event carries at most.</param>
    /// <param name="subscriptionLifetime">When the server closes a subscription (AWS: 5 minutes).</param>
    public static async Task<KinesaliteFanOut> StartAsync(Uri kinesalite, int recordsPerEvent, TimeSpan subscriptionLifetime)
    {
        ArgumentNullException.ThrowIfNull(kinesalite);
        var certificate = new LoopbackCertificate();

        // Kestrel uses it at every handshake: it lives as long as the server.
        var serverCertificate = certificate.LoadForServer();
        var http = new HttpClient { BaseAddress = kinesalite };
        KinesaliteFanOut? front = null;
        var (app, endpoint) = await LoopbackKestrel.StartAsync(
            app => app.Run(context => front!.HandleAsync(context)),
            certificate: serverCertificate);
        front = new KinesaliteFanOut(http, app, endpoint, certificate, serverCertificate, recordsPerEvent, subscriptionLifetime);
        return front;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _kinesalite.Dispose();
        _serverCertificate.Dispose();
        Certificate.Dispose();
    }

    private static string StreamNameOf(string arn) => arn.Split('/')[1];

    private static async Task WriteJsonAsync(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/x-amz-json-1.1";
        await context.Response.WriteAsync(json, context.RequestAborted);
    }

    private static async Task WriteEventAsync(HttpContext context, string eventType, byte[] json)
    {
        var message = FanOutEvents.Event(eventType, json);
        await context.Response.Body.WriteAsync(message, context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    private static byte[] EventJson(JsonElement? records, string? continuation, long millisBehindLatest)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("Records");
            if (records is { } list)
            {
                list.WriteTo(writer);
            }
            else
            {
                writer.WriteStartArray();
                writer.WriteEndArray();
            }

            if (continuation is not null)
            {
                writer.WriteString("ContinuationSequenceNumber", continuation);
            }

            writer.WriteNumber("MillisBehindLatest", millisBehindLatest);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var target = context.Request.Headers["X-Amz-Target"].ToString();
        using var request = JsonDocument.Parse(body.Length == 0 ? "{}"u8.ToArray() : body.ToArray());
        var root = request.RootElement;
        switch (target[(target.IndexOf('.', StringComparison.Ordinal) + 1)..])
        {
            case "RegisterStreamConsumer":
                var registered = root.GetProperty("StreamARN").GetString() + "/consumer/" + root.GetProperty("ConsumerName").GetString() + ":1";
                _consumers[registered] = root.GetProperty("ConsumerName").GetString()!;
                await WriteJsonAsync(context, 200, JsonSerializer.Serialize(new { Consumer = Describe(registered) }));
                break;
            case "DescribeStreamConsumer":
                var arn = root.TryGetProperty("ConsumerARN", out var byArn)
                    ? byArn.GetString()!
                    : root.GetProperty("StreamARN").GetString() + "/consumer/" + root.GetProperty("ConsumerName").GetString() + ":1";
                await (_consumers.ContainsKey(arn)
                    ? WriteJsonAsync(context, 200, JsonSerializer.Serialize(new { ConsumerDescription = Describe(arn) }))
                    : WriteJsonAsync(context, 400, """{"__type":"ResourceNotFoundException","message":"no such consumer"}"""));
                break;
            case "ListStreamConsumers":
                var streamArn = root.GetProperty("StreamARN").GetString()!;
                await WriteJsonAsync(context, 200, JsonSerializer.Serialize(new { Consumers = _consumers.Keys.Where(k => k.StartsWith(streamArn + "/", StringComparison.Ordinal)).Select(Describe).ToList() }));
                break;
            case "SubscribeToShard":
                await SubscribeAsync(context, root);
                break;
            default:
                await ForwardAsync(context, target, body.ToArray());
                break;
        }
    }

    private object Describe(string arn) => new
    {
        ConsumerName = _consumers[arn],
        ConsumerARN = arn,
        ConsumerStatus = "ACTIVE",
        ConsumerCreationTimestamp = 1_780_000_000,
        StreamARN = arn[..arn.IndexOf("/consumer/", StringComparison.Ordinal)],
    };

    private async Task ForwardAsync(HttpContext context, string target, byte[] body)
    {
        using var forwarded = await CallKinesaliteAsync(context, target, body);
        context.Response.StatusCode = (int)forwarded.StatusCode;
        context.Response.ContentType = forwarded.Content.Headers.ContentType?.ToString() ?? "application/x-amz-json-1.1";
        await forwarded.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    private async Task<HttpResponseMessage> CallKinesaliteAsync(HttpContext context, string target, byte[] body)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = JsonType;
        message.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        foreach (var header in new[] { "Authorization", "X-Amz-Date" })
        {
            message.Headers.TryAddWithoutValidation(header, context.Request.Headers[header].ToString());
        }

        return await _kinesalite.SendAsync(message, context.RequestAborted);
    }

    private async Task<JsonDocument> KinesaliteJsonAsync(HttpContext context, string operation, object request)
    {
        using var response = await CallKinesaliteAsync(context, "Kinesis_20131202." + operation, JsonSerializer.SerializeToUtf8Bytes(request, OmitNulls));
        var text = await response.Content.ReadAsByteArrayAsync(context.RequestAborted);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"kinesalite {operation}: {(int)response.StatusCode} {Encoding.UTF8.GetString(text)}");
        }

        return JsonDocument.Parse(text);
    }

    private async Task SubscribeAsync(HttpContext context, JsonElement request)
    {
        var consumerArn = request.GetProperty("ConsumerARN").GetString()!;
        var shardId = request.GetProperty("ShardId").GetString()!;
        var key = consumerArn + " " + shardId;
        if (!_consumers.ContainsKey(consumerArn))
        {
            await WriteJsonAsync(context, 400, """{"__type":"ResourceNotFoundException","message":"no such consumer"}""");
            return;
        }

        if (!_open.TryAdd(key, true))
        {
            await WriteJsonAsync(context, 400, """{"__type":"ResourceInUseException","message":"Another active subscription exists for this consumer and shard"}""");
            return;
        }

        try
        {
            Interlocked.Increment(ref _subscriptions);
            var position = request.GetProperty("StartingPosition");
            var type = position.GetProperty("Type").GetString()!;
            string? continuation = position.TryGetProperty("SequenceNumber", out var sequence) ? sequence.GetString() : null;
            string? iterator;
            using (var opened = await KinesaliteJsonAsync(context, "GetShardIterator", new
            {
                StreamName = StreamNameOf(consumerArn),
                ShardId = shardId,
                ShardIteratorType = type,
                StartingSequenceNumber = continuation,
            }))
            {
                iterator = opened.RootElement.GetProperty("ShardIterator").GetString();
            }

            context.Response.ContentType = "application/vnd.amazon.eventstream";
            await WriteEventAsync(context, "initial-response", "{}"u8.ToArray());
            var ends = DateTime.UtcNow + _subscriptionLifetime;
            var lastEvent = DateTime.UtcNow;
            while (iterator is not null && DateTime.UtcNow < ends)
            {
                using var page = await KinesaliteJsonAsync(context, "GetRecords", new { ShardIterator = iterator, Limit = _recordsPerEvent });
                var records = page.RootElement.GetProperty("Records");
                iterator = page.RootElement.TryGetProperty("NextShardIterator", out var next) ? next.GetString() : null;
                if (records.GetArrayLength() > 0)
                {
                    continuation = records[records.GetArrayLength() - 1].GetProperty("SequenceNumber").GetString();
                    await WriteEventAsync(context, "SubscribeToShardEvent", EventJson(records, continuation, 0));
                    lastEvent = DateTime.UtcNow;
                }
                else
                {
                    if (DateTime.UtcNow - lastEvent >= HeartbeatInterval)
                    {
                        await WriteEventAsync(context, "SubscribeToShardEvent", EventJson(null, continuation, 0));
                        lastEvent = DateTime.UtcNow;
                    }

                    await Task.Delay(CaughtUpPoll, context.RequestAborted);
                }
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The subscriber left (it renews, resubscribes or stops).
        }
        finally
        {
            _open.TryRemove(key, out _);
        }
    }
}
