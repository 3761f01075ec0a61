using System.Text.Json;
using KinesisFlow.FlowLogs;
using KinesisFlow.FlowLogs.Generation;

namespace KinesisFlow.Cli.Tests;

/// <summary>Inputs for <c>decode</c> as users have them: <c>aws kinesis get-records</c> output and raw record files.</summary>
internal static class DecodeInputs
{
    public static readonly FlowLogFormat CustomFormat = FlowLogFormat.Parse("${version} ${vpc-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${bytes} ${action} ${tcp-flags} ${flow-direction} ${log-status}");

    /// <summary>Deterministic records over two log groups (default and custom format), with a control message now and then.</summary>
    public static List<GeneratedRecord> Generate(int count, int seed = 7) =>
        Generate(count, seed, new FlowLogGeneratorOptions
        {
            LogGroups = [new("/vpc/default", FlowLogFormat.DefaultV2), new("/vpc/prod-eu", CustomFormat)],
            MinEventsPerRecord = 5,
            MaxEventsPerRecord = 40,
            ControlMessageRatio = 0.1,
        });

    public static List<GeneratedRecord> Generate(int count, int seed, FlowLogGeneratorOptions options)
    {
        var generator = new FlowLogGenerator(seed, options);
        return [.. Enumerable.Range(0, count).Select(_ => generator.NextRecord())];
    }

    /// <summary>The JSON <c>aws kinesis get-records</c> prints for these record datas.</summary>
    public static byte[] GetRecordsJson(IEnumerable<byte[]> datas, int firstSequence = 0)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartArray("Records");
            var sequence = firstSequence;
            foreach (var data in datas)
            {
                json.WriteStartObject();
                json.WriteString("SequenceNumber", $"4959033827149025660855969253836157109592157598913658{sequence++:D4}");
                json.WriteString("ApproximateArrivalTimestamp", "2026-11-26T20:00:00.000000+00:00");
                json.WriteBase64String("Data", data);
                json.WriteString("PartitionKey", "partition");
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteString("NextShardIterator", "AAAAAAAAAAE=");
            json.WriteNumber("MillisBehindLatest", 0);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    public static string FormatsFile(string path)
    {
        File.WriteAllText(path, $$"""
            {
              "/vpc/prod-*": "{{string.Join(' ', CustomFormat.Fields.ToArray().Select(f => "${" + FlowFields.Info(f).AwsName + "}"))}}"
            }
            """);
        return path;
    }
}
