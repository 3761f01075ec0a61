using System.Buffers;
using System.Diagnostics;
using System.IO.Compression;
using KinesisFlow.FlowLogs;
using KinesisFlow.FlowLogs.Output;

namespace KinesisFlow.Benchmarks;

/// <summary>
/// A cross-check of <see cref="DecodeBenchmarks"/> for busy machines: the baseline and the decode paths run in
/// turn, round after round, in one process, and each keeps its fastest round. Load from other processes then
/// slows every contender alike, so the ratios stay meaningful where BenchmarkDotNet's means scatter.
/// </summary>
internal static class DecodeInterleaved
{
    public static int Run(string formatName, int rounds)
    {
        var format = formatName == "v5" ? FlowLogFormat.DefaultV2WithV5Fields : FlowLogFormat.DefaultV2;
        var corpus = DecodeCorpus.Create(format, 200);
        var compressed = new byte[64 * 1024];
        var inflated = new byte[1024 * 1024];
        using var decoder = new FlowRecordDecoder(format);
        var output = new ArrayBufferWriter<byte>(4 * 1024 * 1024);
        var json = new NdjsonFlowRecordHandler(new JsonFlowRecordWriter(), output);
        var raw = new NdjsonFlowRecordHandler(new RawFlowRecordWriter(), output);

        void Gunzip()
        {
            foreach (var record in corpus.Base64Records)
            {
                var length = DecodeCorpus.FromBase64(record, ref compressed);
                using var gzip = new GZipStream(new MemoryStream(compressed, 0, length, writable: false), CompressionMode.Decompress);
                while (gzip.Read(inflated) > 0)
                {
                }
            }
        }

        void Decode(IFlowRecordHandler handler)
        {
            foreach (var record in corpus.Base64Records)
            {
                var length = DecodeCorpus.FromBase64(record, ref compressed);
                output.ResetWrittenCount();
                decoder.Decode(compressed.AsSpan(0, length), handler);
            }
        }

        // "decode only" hands every record to a handler that writes nothing: what the writers add is the rest.
        var none = new NoOutput();
        var inflater = new GzipInflater(new FlowDecoderOptions().MaxDecompressedBytes);
        void Inflate()
        {
            foreach (var record in corpus.Base64Records)
            {
                var length = DecodeCorpus.FromBase64(record, ref compressed);
                inflater.Inflate(compressed.AsSpan(0, length), out _);
            }
        }

        (string Name, Action Run)[] contenders = [("base64+gunzip", Gunzip), ("inflater", Inflate), ("decode only", () => Decode(none)), ("decode raw", () => Decode(raw)), ("decode json", () => Decode(json))];
        // Each contender keeps its fastest round by wall time and, separately, by the thread's CPU time: a round that
        // another process preempted loses wall time but not CPU time, so on a busy machine the CPU figure is steadier.
        var best = new double[contenders.Length];
        var bestCpu = new double[contenders.Length];
        Array.Fill(best, double.MaxValue);
        Array.Fill(bestCpu, double.MaxValue);
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < contenders.Length; i++)
            {
                var cpu = ThreadCpuClock.Milliseconds();
                var stopwatch = Stopwatch.StartNew();
                contenders[i].Run();
                best[i] = Math.Min(best[i], stopwatch.Elapsed.TotalMilliseconds);
                bestCpu[i] = Math.Min(bestCpu[i], ThreadCpuClock.Milliseconds() - cpu);
            }
        }

        Console.WriteLine($"corpus {formatName}: {corpus.Base64Records.Length} records, {corpus.Lines} lines, {corpus.DecompressedBytes} bytes decompressed; best of {rounds} rounds");
        for (var i = 0; i < contenders.Length; i++)
        {
            var cpuFigure = ThreadCpuClock.IsAvailable ? $"  | CPU {bestCpu[i],7:F2} ms  {bestCpu[0] / bestCpu[i],4:F2} x" : string.Empty;
            Console.WriteLine(
                $"{contenders[i].Name,-14} {best[i],7:F2} ms  {corpus.DecompressedBytes / best[i] / 1000,6:F0} MB/s  "
                + $"{corpus.Lines / best[i] / 1000,5:F2} M lines/s  {best[0] / best[i],4:F2} x gunzip throughput{cpuFigure}");
        }

        return 0;
    }

    private sealed class NoOutput : IFlowRecordHandler
    {
        public void Handle(in FlowRecord record)
        {
        }
    }
}
