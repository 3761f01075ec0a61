using System.Buffers;
using System.Buffers.Text;
using System.Text;
using KinesisFlow.FlowLogs;
using KinesisFlow.FlowLogs.Generation;

namespace KinesisFlow.Benchmarks;

/// <summary>
/// The benchmark corpus: generated Kinesis records (gzip'd CloudWatch Logs envelopes of 50-500 realistic flow
/// lines, a few accounts and ENIs, IPv4/IPv6, ACCEPT/REJECT, NODATA/SKIPDATA), kept base64-encoded as
/// <c>get-records</c> delivers them. Same seed, same corpus.
/// </summary>
internal sealed class DecodeCorpus
{
    private DecodeCorpus(byte[][] base64Records, int lines, long decompressedBytes)
    {
        Base64Records = base64Records;
        Lines = lines;
        DecompressedBytes = decompressedBytes;
    }

    /// <summary>Each record's data, base64 as UTF-8 bytes (what sits in a get-records answer).</summary>
    public byte[][] Base64Records { get; }

    public int Lines { get; }

    public long DecompressedBytes { get; }

    public static DecodeCorpus Create(FlowLogFormat format, int records, int seed = 2026)
    {
        var generator = new FlowLogGenerator(seed, new FlowLogGeneratorOptions { LogGroups = [new("/vpc/benchmark", format)] });
        var base64 = new byte[records][];
        var lines = 0;
        long decompressed = 0;
        for (var i = 0; i < records; i++)
        {
            var record = generator.NextRecord();
            base64[i] = Encoding.ASCII.GetBytes(Convert.ToBase64String(record.Data));
            lines += record.Events.Count;
            decompressed += CloudWatchLogsEnvelope.DataMessageJson("0", record.LogGroup, record.LogStream, record.Events).Length;
        }

        return new DecodeCorpus(base64, lines, decompressed);
    }

    /// <summary>Decodes base64 into <paramref name="buffer"/> (grown when needed); returns the byte count.</summary>
    public static int FromBase64(byte[] base64, ref byte[] buffer)
    {
        var size = Base64.GetMaxDecodedFromUtf8Length(base64.Length);
        if (buffer.Length < size)
        {
            buffer = new byte[size];
        }

        Base64.DecodeFromUtf8(base64, buffer, out _, out var written);
        return written;
    }

    /// <summary>
    /// Decodes every record through <paramref name="handler"/>, which writes into <paramref name="output"/> (reset per
    /// record), using <paramref name="compressed"/> as the base64 scratch; returns the bytes written, so nothing is
    /// optimised away.
    /// </summary>
    public long DecodeAll(FlowRecordDecoder decoder, IFlowRecordHandler handler, ArrayBufferWriter<byte> output, ref byte[] compressed)
    {
        long total = 0;
        foreach (var record in Base64Records)
        {
            var length = FromBase64(record, ref compressed);
            output.ResetWrittenCount();
            decoder.Decode(compressed.AsSpan(0, length), handler);
            total += output.WrittenCount;
        }

        return total;
    }
}
