using System.Buffers;
using System.IO.Compression;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using KinesisFlow.FlowLogs;
using KinesisFlow.FlowLogs.Output;

namespace KinesisFlow.Benchmarks;

/// <summary>
/// The decode hot path against its floor, in one run: base64 + .NET's GZipStream alone (the baseline) versus
/// base64 + gunzip + envelope + lines + json NDJSON. One operation = the whole corpus (its size is printed).
/// Short jobs on purpose: the machine is shared, so runs are repeated rather than lengthened (docs/performance.md).
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class DecodeBenchmarks
{
    private const int Records = 200;

    private DecodeCorpus _corpus = null!;
    private FlowRecordDecoder _decoder = null!;
    private ArrayBufferWriter<byte> _output = null!;
    private NdjsonFlowRecordHandler _json = null!;
    private NdjsonFlowRecordHandler _raw = null!;
    private byte[] _compressed = new byte[64 * 1024];
    private byte[] _inflated = new byte[1024 * 1024];
    private FlowLogFormat _format = FlowLogFormat.DefaultV2;

    /// <summary>The default v2 format, and a 29-field v5 format (the heavier, common custom layout).</summary>
    [Params("v2", "v5")]
    public string Format { get; set; } = "v2";

    [GlobalSetup]
    public void Setup()
    {
        var format = Format == "v2" ? FlowLogFormat.DefaultV2 : FlowLogFormat.DefaultV2WithV5Fields;
        _corpus = DecodeCorpus.Create(format, Records);
        _decoder = new FlowRecordDecoder(format);
        _output = new ArrayBufferWriter<byte>(4 * 1024 * 1024);
        _json = new NdjsonFlowRecordHandler(new JsonFlowRecordWriter(), _output);
        _raw = new NdjsonFlowRecordHandler(new RawFlowRecordWriter(), _output);
        _format = format;

        // Each operation decodes the whole corpus; docs/performance.md turns times into lines/s and MB/s with these.
        Console.WriteLine($"// corpus {Format}: {Records} records, {_corpus.Lines} lines, {_corpus.DecompressedBytes} bytes decompressed");
    }

    [GlobalCleanup]
    public void Cleanup() => _decoder.Dispose();

    [Benchmark(Baseline = true)]
    public long Base64AndGunzip()
    {
        long total = 0;
        foreach (var record in _corpus.Base64Records)
        {
            var length = DecodeCorpus.FromBase64(record, ref _compressed);
            using var gzip = new GZipStream(new MemoryStream(_compressed, 0, length, writable: false), CompressionMode.Decompress);
            int read;
            while ((read = gzip.Read(_inflated)) > 0)
            {
                total += read;
            }
        }

        return total;
    }

    [Benchmark]
    public long DecodeToJson() => Decode(_json);

    [Benchmark]
    public long DecodeToRaw() => Decode(_raw);

    /// <summary>What the issue calls the straightforward implementation: JsonDocument, string.Split, JsonSerializer.</summary>
    [Benchmark]
    public long StraightforwardToJson()
    {
        long total = 0;
        foreach (var record in _corpus.Base64Records)
        {
            var length = DecodeCorpus.FromBase64(record, ref _compressed);
            using var gzip = new GZipStream(new MemoryStream(_compressed, 0, length, writable: false), CompressionMode.Decompress);
            using var envelope = JsonDocument.Parse(gzip);
            foreach (var logEvent in envelope.RootElement.GetProperty("logEvents").EnumerateArray())
            {
                var tokens = logEvent.GetProperty("message").GetString()!.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var fields = new Dictionary<string, object>();
                for (var i = 0; i < tokens.Length; i++)
                {
                    var info = FlowFields.Info(_format.Fields[i]);
                    if (tokens[i] != "-")
                    {
                        fields[info.Key] = info.IsNumeric ? long.Parse(tokens[i], System.Globalization.CultureInfo.InvariantCulture) : tokens[i];
                    }
                }

                total += JsonSerializer.SerializeToUtf8Bytes(fields).Length;
            }
        }

        return total;
    }

    private long Decode(IFlowRecordHandler handler) => _corpus.DecodeAll(_decoder, handler, _output, ref _compressed);
}
