using System.Buffers;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using KinesisFlow.FlowLogs;
using KinesisFlow.FlowLogs.Output;

namespace KinesisFlow.Benchmarks;

/// <summary>
/// What each output format costs on top of decoding: the same v5 corpus (29 fields, the layout that exercises every
/// ecs and ocsf mapping) decoded and written as json (the baseline), ecs, ocsf and sekoia NDJSON. One operation =
/// the whole corpus. Short jobs, as for <see cref="DecodeBenchmarks"/>: the machine is shared.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class OutputFormatBenchmarks
{
    private const int Records = 200;

    private DecodeCorpus _corpus = null!;
    private FlowRecordDecoder _decoder = null!;
    private ArrayBufferWriter<byte> _output = null!;
    private NdjsonFlowRecordHandler _handler = null!;
    private byte[] _compressed = new byte[64 * 1024];

    [Params("json", "ecs", "ocsf", "sekoia")]
    public string Output { get; set; } = "json";

    [GlobalSetup]
    public void Setup()
    {
        _corpus = DecodeCorpus.Create(FlowLogFormat.DefaultV2WithV5Fields, Records);
        _decoder = new FlowRecordDecoder(FlowLogFormat.DefaultV2WithV5Fields);
        _output = new ArrayBufferWriter<byte>(16 * 1024 * 1024);
        _handler = new NdjsonFlowRecordHandler(FlowOutputFormats.Create(Output), _output);
        Console.WriteLine($"// corpus v5: {Records} records, {_corpus.Lines} lines");
    }

    [GlobalCleanup]
    public void Cleanup() => _decoder.Dispose();

    [Benchmark]
    public long DecodeAndWrite() => _corpus.DecodeAll(_decoder, _handler, _output, ref _compressed);
}
