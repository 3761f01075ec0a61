using System.Buffers;
using KinesisFlow.FlowLogs.Generation;
using KinesisFlow.FlowLogs.Output;
using KinesisFlow.FlowLogs.Tests.Support;

namespace KinesisFlow.FlowLogs.Tests.Properties;

/// <summary>
/// Memory, not time: a record costs a constant few allocations whatever its number of lines, and no input makes
/// the decoder allocate past its cap. (Speed itself is measured in the benchmarks.)
/// </summary>
public sealed class AllocationTests
{
    [Fact]
    public void Decoding_to_json_allocates_nothing_per_line()
    {
        var formats = FormatMap.Default;
        var small = Record(50);
        var large = Record(500);
        using var decoder = new FlowRecordDecoder(formats);
        var output = new ArrayBufferWriter<byte>(1 << 20);
        var handler = new NdjsonFlowRecordHandler(new JsonFlowRecordWriter(), output);
        var (perRecordSmall, perRecordLarge) = PerLineAllocation.Measure(decoder, handler, output, small, large);

        // 450 more lines must not cost 450 more anythings: allow a few hundred bytes of noise, not bytes per line.
        Assert.True(perRecordLarge - perRecordSmall < 450, $"50 lines: {perRecordSmall} B, 500 lines: {perRecordLarge} B");
        Assert.Equal(0, decoder.Counts.Errors);
        // 20 warm-up rounds and three measured, of both records.
        Assert.Equal(23 * 550, decoder.Counts.Events);
    }

    [Fact]
    public void A_decompression_bomb_costs_no_more_than_the_cap()
    {
        const int cap = 1024 * 1024;
        var bomb = CloudWatchLogsEnvelope.Gzip(new byte[64 * 1024 * 1024]);
        using var decoder = new FlowRecordDecoder(FlowLogFormat.DefaultV2, new FlowDecoderOptions { MaxDecompressedBytes = cap });
        var collector = new DecodeCollector();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = decoder.Decode(bomb, collector, collector);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(RecordOutcome.DeadLettered, result.Outcome);
        Assert.Equal(DeadLetterReason.TooLarge, Assert.Single(collector.DeadLetters).Reason);
        Assert.True(allocated < (2 * cap) + (4 * bomb.Length), $"allocated {allocated} bytes for a {cap}-byte cap");
    }

    private static byte[] Record(int lines)
    {
        var generator = new FlowLogGenerator(lines, new FlowLogGeneratorOptions { MinEventsPerRecord = lines, MaxEventsPerRecord = lines, NoDataRatio = 0 });
        return generator.NextRecord().Data;
    }
}
