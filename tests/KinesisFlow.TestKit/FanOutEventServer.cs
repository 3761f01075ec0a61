using System.Text;
using System.Text.Json;
using KinesisFlow.Aws;
using KinesisFlow.Aws.EventStream;
using KinesisFlow.TestKit.EventStream;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace KinesisFlow.TestKit;

/// <summary>
/// Our own SubscribeToShard endpoint: Kestrel, HTTP/2 only over cleartext (h2c, as kinesis-mock's plain port), on
/// 127.0.0.1. Each subscription answers with the event-stream messages the test scripts, their bytes cut into writes of
/// a chosen size with a flush after each: every write leaves as its own HTTP/2 DATA frame(s) (at most 16 KiB each, the
/// client's frame size), and the cuts fall anywhere inside messages (prelude, headers, payload, CRC), or join two.
/// </summary>
public sealed class FanOutEventServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _subscriptions;

    private FanOutEventServer(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    /// <summary>http://127.0.0.1:PORT/, the ServiceUrl of a Kinesis client.</summary>
    public Uri Endpoint { get; }

    /// <summary>SubscribeToShard calls received so far.</summary>
    public int Subscriptions => Volatile.Read(ref _subscriptions);

    /// <summary>Starts a server whose answer to the n-th subscription (1-based) is <paramref name="script"/>(n).</summary>
    public static async Task<FanOutEventServer> StartAsync(Func<int, FanOutResponse> script)
    {
        ArgumentNullException.ThrowIfNull(script);
        FanOutEventServer? server = null;
        var (app, endpoint) = await LoopbackKestrel.StartAsync(
            app => app.Run(context => server!.AnswerAsync(context, script)),
            HttpProtocols.Http2);
        server = new FanOutEventServer(app, endpoint);
        return server;
    }

    /// <summary>Client options for this server (any credentials: nothing checks the signature here).</summary>
    public AwsClientOptions ClientOptions(TimeSpan timeout) => new()
    {
        ServiceUrl = Endpoint,
        Region = EmulatorCredentials.Region,
        AccessKeyId = EmulatorCredentials.AccessKeyId,
        SecretAccessKey = EmulatorCredentials.SecretAccessKey,
        Timeout = timeout,
        MaxAttempts = 1,
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task AnswerAsync(HttpContext context, Func<int, FanOutResponse> script)
    {
        await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
        var response = script(Interlocked.Increment(ref _subscriptions));
        context.Response.ContentType = "application/vnd.amazon.eventstream";
        var body = response.Messages.SelectMany(m => m).ToArray();
        for (var offset = 0; offset < body.Length; offset += response.WriteSize)
        {
            await context.Response.Body.WriteAsync(body.AsMemory(offset, Math.Min(response.WriteSize, body.Length - offset)), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }

        if (response.StayOpen)
        {
            // A subscription stays open until the client leaves; closing the stream is the service ending it.
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(static _ => { }, TaskScheduler.Default);
        }
    }
}

/// <summary>What one subscription sends: encoded event-stream messages, cut into writes of <paramref name="WriteSize"/> bytes.</summary>
/// <param name="Messages">The messages in order (see <see cref="FanOutEvents"/>).</param>
/// <param name="WriteSize">Bytes per write (and flush): the DATA frames' size, up to the client's 16 KiB frame limit.</param>
/// <param name="StayOpen">Keep the stream open after the last message (true) or end it (the service ending a subscription).</param>
public sealed record FanOutResponse(IReadOnlyList<byte[]> Messages, int WriteSize, bool StayOpen = false);

/// <summary>SubscribeToShard event-stream messages as AWS writes them.</summary>
public static class FanOutEvents
{
    /// <summary>The first message AWS sends on every subscription (kinesis-mock does not).</summary>
    public static byte[] InitialResponse() => Event("initial-response", "{}"u8);

    /// <summary>A SubscribeToShardEvent carrying <paramref name="records"/> (each record's data; none for a heartbeat).</summary>
    public static byte[] Records(IReadOnlyList<byte[]> records, long firstSequenceNumber, long millisBehindLatest = 0)
    {
        ArgumentNullException.ThrowIfNull(records);
        using var json = new MemoryStream();
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("Records");
            for (var i = 0; i < records.Count; i++)
            {
                writer.WriteStartObject();
                writer.WriteString("SequenceNumber", SequenceNumber(firstSequenceNumber + i));
                writer.WriteNumber("ApproximateArrivalTimestamp", 1_780_000_000.5);
                writer.WriteBase64String("Data", records[i]);
                writer.WriteString("PartitionKey", "pk-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteString("ContinuationSequenceNumber", SequenceNumber(firstSequenceNumber + Math.Max(records.Count - 1, 0)));
            writer.WriteNumber("MillisBehindLatest", millisBehindLatest);
            writer.WriteEndObject();
        }

        return Event("SubscribeToShardEvent", json.ToArray());
    }

    /// <summary>An exception event (e.g. ResourceInUseException), which ends the subscription with that AWS error.</summary>
    public static byte[] Exception(string type, string message) =>
        EventStreamEncoder.Encode(
            [EventStreamHeader.String(":message-type", "exception"), EventStreamHeader.String(":exception-type", type), EventStreamHeader.String(":content-type", "application/json")],
            Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { message })));

    /// <summary>The sequence number of the n-th record, padded as Kinesis's are (fixed width, so text order is stream order).</summary>
    public static string SequenceNumber(long n) => n.ToString("D20", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>An event message of <paramref name="eventType"/> with a JSON payload, headers as AWS writes them.</summary>
    public static byte[] Event(string eventType, ReadOnlySpan<byte> json) =>
        EventStreamEncoder.Encode(
            [
                EventStreamHeader.String(":message-type", "event"),
                EventStreamHeader.String(":event-type", eventType),
                EventStreamHeader.String(":content-type", "application/json"),
            ],
            json);
}
