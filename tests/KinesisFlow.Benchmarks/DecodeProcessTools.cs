using System.Buffers.Text;
using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using KinesisFlow.FlowLogs;
using KinesisFlow.FlowLogs.Generation;

namespace KinesisFlow.Benchmarks;

/// <summary>
/// The two helpers of the whole-process comparison (decode-process.sh): write a get-records dump of N generated
/// flow lines, and the reference process that only base64-decodes and gunzips such a dump.
/// </summary>
internal static class DecodeProcessTools
{
    /// <summary>
    /// Handles <c>make-dump FILE LINES</c>, <c>gunzip-only FILE</c> and <c>interleaved v2|v5 ROUNDS</c>;
    /// returns null for other arguments (BenchmarkDotNet's).
    /// </summary>
    public static int? Run(string[] args) => args switch
    {
        ["interleaved", var format, var rounds] => DecodeInterleaved.Run(format, int.Parse(rounds, System.Globalization.CultureInfo.InvariantCulture)),
        ["make-dump", var path, var lines] => MakeDump(path, int.Parse(lines, System.Globalization.CultureInfo.InvariantCulture)),
        ["gunzip-only", var path] => GunzipOnly(path),
        _ => null,
    };

    private static int MakeDump(string path, int lines)
    {
        var generator = new FlowLogGenerator(2026, new FlowLogGeneratorOptions { LogGroups = [new("/vpc/benchmark", FlowLogFormat.DefaultV2)] });
        using var file = File.Create(path);
        using var json = new Utf8JsonWriter(file);
        json.WriteStartObject();
        json.WriteStartArray("Records");
        var written = 0;
        var records = 0;
        while (written < lines)
        {
            var record = generator.NextRecord();
            json.WriteStartObject();
            json.WriteString("SequenceNumber", $"49650000000000000000000000000000000000000000{records++:D12}");
            json.WriteString("ApproximateArrivalTimestamp", "2026-11-26T20:00:00.000000+00:00");
            json.WriteBase64String("Data", record.Data);
            json.WriteString("PartitionKey", record.LogStream);
            json.WriteEndObject();
            written += record.Events.Count;
        }

        json.WriteEndArray();
        json.WriteNull("NextShardIterator");
        json.WriteNumber("MillisBehindLatest", 0);
        json.WriteEndObject();
        json.Flush();
        Console.Error.WriteLine($"make-dump: {records} records, {written} lines, {file.Length} bytes in {path}");
        return 0;
    }

    // The floor a decoding process is compared with: read the dump, find each Data, base64-decode, gunzip, discard.
    private static int GunzipOnly(string path)
    {
        var stopwatch = Stopwatch.StartNew();
        var content = File.ReadAllBytes(path);
        var compressed = new byte[1024 * 1024];
        var inflated = new byte[1024 * 1024];
        long total = 0;
        var records = 0;
        var reader = new Utf8JsonReader(content);
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName || !reader.ValueTextEquals("Data"u8))
            {
                continue;
            }

            reader.Read();
            Base64.DecodeFromUtf8(reader.ValueSpan, compressed, out _, out var length);
            using var gzip = new GZipStream(new MemoryStream(compressed, 0, length, writable: false), CompressionMode.Decompress);
            int read;
            while ((read = gzip.Read(inflated)) > 0)
            {
                total += read;
            }

            records++;
        }

        Console.Error.WriteLine($"gunzip-only: records={records} decompressed_bytes={total} in {stopwatch.ElapsedMilliseconds} ms (process start not included)");
        return 0;
    }
}
