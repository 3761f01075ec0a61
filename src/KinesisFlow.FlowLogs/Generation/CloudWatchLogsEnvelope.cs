using System.IO.Compression;
using System.Text.Json;

namespace KinesisFlow.FlowLogs.Generation;

/// <summary>One CloudWatch Logs event as a subscription delivers it.</summary>
public readonly record struct CloudWatchLogEvent(string Id, long Timestamp, string Message);

/// <summary>
/// Builds CloudWatch Logs subscription payloads (the JSON envelope and its gzip'd form, which is what a Kinesis
/// record carries), for the generator, tests and the <c>produce</c> command.
/// </summary>
public static class CloudWatchLogsEnvelope
{
    /// <summary>The envelope JSON of a DATA_MESSAGE.</summary>
    public static byte[] DataMessageJson(
        string owner,
        string logGroup,
        string logStream,
        IEnumerable<CloudWatchLogEvent> events,
        string subscriptionFilter = "kinesisflow")
    {
        ArgumentNullException.ThrowIfNull(events);
        return Json("DATA_MESSAGE", owner, logGroup, logStream, [subscriptionFilter], events);
    }

    /// <summary>The envelope JSON of the CONTROL_MESSAGE CloudWatch Logs sends to check a destination.</summary>
    public static byte[] ControlMessageJson(long timestamp) => Json(
        "CONTROL_MESSAGE",
        "CloudwatchLogs",
        string.Empty,
        string.Empty,
        [],
        [new CloudWatchLogEvent(string.Empty, timestamp, "CWL CONTROL MESSAGE: Checking health of destination Kinesis stream.")]);

    /// <summary>Gzips a payload the way CloudWatch Logs does before putting it in a Kinesis record.</summary>
    public static byte[] Gzip(ReadOnlySpan<byte> payload)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(payload);
        }

        return buffer.ToArray();
    }

    private static byte[] Json(
        string messageType,
        string owner,
        string logGroup,
        string logStream,
        IEnumerable<string> subscriptionFilters,
        IEnumerable<CloudWatchLogEvent> events)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("messageType", messageType);
            json.WriteString("owner", owner);
            json.WriteString("logGroup", logGroup);
            json.WriteString("logStream", logStream);
            json.WriteStartArray("subscriptionFilters");
            foreach (var filter in subscriptionFilters)
            {
                json.WriteStringValue(filter);
            }

            json.WriteEndArray();
            json.WriteStartArray("logEvents");
            foreach (var logEvent in events)
            {
                json.WriteStartObject();
                json.WriteString("id", logEvent.Id);
                json.WriteNumber("timestamp", logEvent.Timestamp);
                json.WriteString("message", logEvent.Message);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
