using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using KinesisFlow.Aws.EventStream;

namespace KinesisFlow.Aws;

/// <summary>Enhanced fan-out: SubscribeToShard's application/vnd.amazon.eventstream response, read event by event.</summary>
public sealed partial class KinesisClient
{
    private const string SubscribeToShardEventType = "SubscribeToShardEvent";

    public async IAsyncEnumerable<SubscribeToShardEvent> SubscribeToShardAsync(
        SubscribeToShardRequest request,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var response = await Transport.OpenEventStreamAsync(SubscribeToShardOp, request, KinesisJson.WriteSubscribeToShard, cancellationToken);
        var requestId = AwsErrorReader.RequestIdOf(response);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        await using var events = new EventStreamReader(body);
        while (await ReadNextAsync(events, cancellationToken) is { } message)
        {
            if (message.IsFailure)
            {
                throw ToServiceException(message, requestId);
            }

            // AWS opens with an "initial-response" event (kinesis-mock does not); only record events carry data.
            if (message.EventType == SubscribeToShardEventType)
            {
                yield return ReadEvent(message, requestId);
            }
        }
    }

    private static SubscribeToShardEvent ReadEvent(EventStreamMessage message, string? requestId)
    {
        try
        {
            using var payload = JsonDocument.Parse(message.Payload);
            return KinesisJson.ReadSubscribeToShardEvent(payload.RootElement);
        }
        catch (JsonException e)
        {
            throw new AwsServiceException("InvalidResponse", "A SubscribeToShardEvent payload is not JSON: " + e.Message, HttpStatusCode.OK, requestId);
        }
    }

    private static AwsServiceException ToServiceException(EventStreamMessage message, string? requestId)
    {
        // Exceptions inside the stream arrive with HTTP 200: the name is in a header, the message in a JSON payload
        // (exceptions) or in headers (errors).
        var fromPayload = AwsErrorReader.Parse(message.Payload.Span, HttpStatusCode.OK, requestId, errorTypeHeader: null);
        var code = AwsErrorReader.NormalizeErrorCode(message.FailureCode) ?? fromPayload.ErrorCode;
        var text = message.GetString(EventStreamHeaderNames.ErrorMessage) ?? fromPayload.ServiceMessage;
        return new AwsServiceException(code, text, HttpStatusCode.OK, requestId);
    }

    /// <summary>The next message, or a <see cref="TimeoutException"/> when the service stays silent longer than the client's timeout.</summary>
    private async Task<EventStreamMessage?> ReadNextAsync(EventStreamReader events, CancellationToken cancellationToken)
    {
        using var silence = new CancellationTokenSource(Transport.AttemptTimeout, Transport.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, silence.Token);
        try
        {
            return await events.ReadAsync(linked.Token);
        }
        catch (OperationCanceledException e) when (silence.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"SubscribeToShard sent nothing for {Transport.AttemptTimeout.TotalSeconds:0.###} s; the subscription is considered lost.",
                e);
        }
    }
}
