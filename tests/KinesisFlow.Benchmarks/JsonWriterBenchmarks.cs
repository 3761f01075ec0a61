using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using KinesisFlow.FlowLogs;
using KinesisFlow.FlowLogs.Output;

namespace KinesisFlow.Benchmarks;

/// <summary>
/// Does the hand-written <see cref="Utf8JsonBufferWriter"/> earn its place over the BCL's <see cref="Utf8JsonWriter"/>
/// with <c>SkipValidation</c>? The same v5 corpus is decoded and every record written as the <c>json</c> output
/// (NDJSON) three ways: through <see cref="Utf8JsonBufferWriter"/> (the writer's escaping path), through one reused
/// <see cref="Utf8JsonWriter"/> (SkipValidation, relaxed escaping, the same members: the same bytes, checked at setup),
/// and through <see cref="JsonFlowRecordWriter"/> as the service runs it (its plain-ASCII fast path, which flow logs
/// take). <see cref="DecodeOnly"/> is what decoding alone costs; subtract it to compare the writers.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class JsonWriterBenchmarks
{
    private const int Records = 200;

    private DecodeCorpus _corpus = null!;
    private FlowRecordDecoder _decoder = null!;
    private ArrayBufferWriter<byte> _output = null!;
    private byte[] _compressed = new byte[64 * 1024];
    private CountingHandler _decodeOnly = null!;
    private BufferWriterHandler _bufferWriter = null!;
    private Utf8JsonWriterHandler _utf8JsonWriter = null!;
    private NdjsonFlowRecordHandler _service = null!;

    [GlobalSetup]
    public void Setup()
    {
        _corpus = DecodeCorpus.Create(FlowLogFormat.DefaultV2WithV5Fields, Records);
        _decoder = new FlowRecordDecoder(FlowLogFormat.DefaultV2WithV5Fields);
        _output = new ArrayBufferWriter<byte>(16 * 1024 * 1024);
        _decodeOnly = new CountingHandler();
        _bufferWriter = new BufferWriterHandler(_output);
        _utf8JsonWriter = new Utf8JsonWriterHandler(_output);
        _service = new NdjsonFlowRecordHandler(FlowOutputFormats.Create("json"), _output);
        CheckSameBytes();
        Console.WriteLine($"// corpus v5: {Records} records, {_corpus.Lines} lines");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _utf8JsonWriter.Dispose();
        _decoder.Dispose();
    }

    [Benchmark]
    public long DecodeOnly() => _corpus.DecodeAll(_decoder, _decodeOnly, _output, ref _compressed) + _decodeOnly.Count;

    [Benchmark(Baseline = true)]
    public long BufferWriter() => _corpus.DecodeAll(_decoder, _bufferWriter, _output, ref _compressed);

    [Benchmark]
    public long Utf8JsonWriterSkipValidation() => _corpus.DecodeAll(_decoder, _utf8JsonWriter, _output, ref _compressed);

    [Benchmark]
    public long ServicePath() => _corpus.DecodeAll(_decoder, _service, _output, ref _compressed);

    // The comparison only means something if both writers produce the same document, byte for byte.
    private void CheckSameBytes()
    {
        var mine = Collect(_bufferWriter);
        var bcl = Collect(_utf8JsonWriter);
        if (!mine.AsSpan().SequenceEqual(bcl))
        {
            throw new InvalidOperationException("Utf8JsonWriter and Utf8JsonBufferWriter wrote different json for the corpus.");
        }
    }

    private byte[] Collect(IFlowRecordHandler handler)
    {
        var all = new List<byte>();
        foreach (var record in _corpus.Base64Records)
        {
            var length = DecodeCorpus.FromBase64(record, ref _compressed);
            _output.ResetWrittenCount();
            _decoder.Decode(_compressed.AsSpan(0, length), handler);
            all.AddRange(_output.WrittenSpan);
        }

        return [.. all];
    }

    private sealed class CountingHandler : IFlowRecordHandler
    {
        public long Count { get; private set; }

        public void Handle(in FlowRecord record) => Count += record.Line.Length;
    }

    /// <summary>The json output through <see cref="Utf8JsonBufferWriter"/>, one NDJSON line per record.</summary>
    private sealed class BufferWriterHandler(IBufferWriter<byte> output) : IFlowRecordHandler
    {
        public void Handle(in FlowRecord record)
        {
            var json = new Utf8JsonBufferWriter(output, (record.Line.Length * 2) + 512);
            json.StartObject();
            JsonFlowRecordWriter.WriteFields(ref json, record);
            JsonFlowRecordWriter.WriteContext(ref json, record.Context);
            json.EndObject();
            json.Flush();
            output.GetSpan(1)[0] = (byte)'\n';
            output.Advance(1);
        }
    }

    /// <summary>The same members through one reused <see cref="Utf8JsonWriter"/>: no validation, escaping like ours.</summary>
    private sealed class Utf8JsonWriterHandler(IBufferWriter<byte> output) : IFlowRecordHandler, IDisposable
    {
        private readonly Utf8JsonWriter _json = new(output, new JsonWriterOptions
        {
            SkipValidation = true,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });

        public void Handle(in FlowRecord record)
        {
            _json.Reset(output);
            _json.WriteStartObject();
            var format = record.Format;
            for (var i = 0; i < format.Count; i++)
            {
                if (!record.HasValueAt(i))
                {
                    continue;
                }

                var info = format.InfoAt(i);
                var value = record.ValueAt(i);
                if (info.IsNumeric)
                {
                    // Digits as written, less leading zeros (JSON allows none), like Utf8JsonBufferWriter.Digits.
                    var zeros = value.IndexOfAnyExcept((byte)'0');
                    _json.WritePropertyName(info.KeyUtf8);
                    _json.WriteRawValue(zeros < 0 ? "0"u8 : value[zeros..], skipInputValidation: true);
                }
                else
                {
                    _json.WriteString(info.KeyUtf8, value);
                }
            }

            var context = record.Context;
            _json.WriteStartObject("cloudwatch"u8);
            _json.WriteString("log_group"u8, context.LogGroup);
            _json.WriteString("log_stream"u8, context.LogStream);
            _json.WriteString("owner"u8, context.Owner);
            _json.WriteString("event_id"u8, context.EventId);
            _json.WriteNumber("timestamp"u8, context.Timestamp);
            _json.WriteEndObject();
            var kinesis = context.Kinesis;
            if (kinesis.ShardId is not null || kinesis.SequenceNumber is not null)
            {
                _json.WriteStartObject("kinesis"u8);
                if (kinesis.ShardId is not null)
                {
                    _json.WriteString("shard_id"u8, kinesis.ShardId);
                }

                if (kinesis.SequenceNumber is not null)
                {
                    _json.WriteString("sequence_number"u8, kinesis.SequenceNumber);
                }

                _json.WriteEndObject();
            }

            _json.WriteEndObject();
            _json.Flush();
            output.GetSpan(1)[0] = (byte)'\n';
            output.Advance(1);
        }

        public void Dispose() => _json.Dispose();
    }
}
