using System.Text;
using KinesisFlow.FlowLogs.Generation;

namespace KinesisFlow.FlowLogs.Tests.Support;

/// <summary>Builds Kinesis record data (gzip'd CloudWatch Logs envelopes) for tests.</summary>
internal static class Records
{
    public const string LogGroup = "/vpc/test";
    public const string LogStream = "eni-1235b8ca123456789-all";
    public const string Owner = "123456789010";

    /// <summary>A DATA_MESSAGE with one event per line; event ids are "1", "2", ... and timestamps 1000, 1001, ...</summary>
    public static byte[] Data(IEnumerable<string> lines, string logGroup = LogGroup) =>
        CloudWatchLogsEnvelope.Gzip(Json(lines, logGroup));

    public static byte[] Data(params string[] lines) => Data((IEnumerable<string>)lines);

    public static byte[] Json(IEnumerable<string> lines, string logGroup = LogGroup) =>
        CloudWatchLogsEnvelope.DataMessageJson(
            Owner,
            logGroup,
            LogStream,
            lines.Select((line, i) => new CloudWatchLogEvent((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), 1000 + i, line)));

    /// <summary>Gzips a hand-written envelope (for shapes the builder would never produce).</summary>
    public static byte[] FromJsonText(string json) => CloudWatchLogsEnvelope.Gzip(Encoding.UTF8.GetBytes(json));

    public static DecodeCollector Decode(FlowLogFormat format, byte[] data, KinesisRecordContext context = default)
    {
        using var decoder = new FlowRecordDecoder(format);
        var collector = new DecodeCollector();
        decoder.Decode(data, collector, collector, context);
        return collector;
    }
}
