using System.Globalization;
using Microsoft.Extensions.Logging;

namespace KinesisFlow.Sinks;

/// <summary>
/// Dead-letters what an HTTP sink cannot deliver: events over the size limits (before any request) and the events
/// of a request the endpoint refused with a status that is not retried (with the status and the start of the body).
/// Each is logged and counted.
/// </summary>
internal sealed partial class HttpRejectionHandler(HttpSinkProfile profile, IDeadLetterSink deadLetters, ILogger logger, SinkTelemetry telemetry)
{
    private const int MaxResponseChars = 2048;

    private string Name => profile.Name;

    /// <summary>The dead-letter entry for one event too large for this sink.</summary>
    public RejectedEvent TooLarge(string shardId, in BatchRecord origin, ReadOnlyMemory<byte> payload) =>
        new(RejectionReasons.TooLarge, $"event of {payload.Length} bytes exceeds the {profile.MaxEventBytes}-byte limit of {Name}")
        {
            Sink = Name,
            ShardId = shardId,
            SequenceNumber = origin.SequenceNumber,
            LogGroup = origin.LogGroup,
            Format = profile.OutputFormat,
            Encoding = origin.Encoding,
            Data = payload.ToArray(),
        };

    public async Task WriteTooLargeAsync(List<RejectedEvent> tooLarge, CancellationToken cancellationToken)
    {
        LogTooLarge(logger, Name, tooLarge.Count, profile.MaxEventBytes);
        telemetry.DeadLettered(Name, RejectionReasons.TooLarge, tooLarge.Count);
        await deadLetters.WriteAsync(tooLarge, cancellationToken);
    }

    /// <summary>Dead-letters every event of <paramref name="request"/>, refused with <paramref name="response"/>.</summary>
    public async Task WriteRefusedAsync(OutgoingRequest request, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var text = await ReadSomeAsync(response, cancellationToken);
        LogRejected(logger, Name, status, request.Count);
        telemetry.DeadLettered(Name, status.ToString(CultureInfo.InvariantCulture), request.Count);
        var message = $"{Name} refused the request with HTTP {status}";
        await deadLetters.WriteAsync(request.ToRejected(Name, profile.OutputFormat, message, status, text), cancellationToken);
    }

    private static async Task<string> ReadSomeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return text.Length <= MaxResponseChars ? text : text[..MaxResponseChars];
    }

    [LoggerMessage(EventId = 502, Level = LogLevel.Error, Message = "Sink {Sink} refused a request with HTTP {Status}; its {Events} events went to the dead-letter file")]
    private static partial void LogRejected(ILogger logger, string sink, int status, int events);

    [LoggerMessage(EventId = 503, Level = LogLevel.Warning, Message = "Sink {Sink}: {Events} events over {Limit} bytes went to the dead-letter file")]
    private static partial void LogTooLarge(ILogger logger, string sink, int events, int limit);
}
