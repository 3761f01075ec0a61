using System.Buffers;
using KinesisFlow.FlowLogs.Generation;
using KinesisFlow.FlowLogs.Output;
using KinesisFlow.FlowLogs.Tests.Support;

namespace KinesisFlow.FlowLogs.Tests.Output;

/// <summary>Memory, not time: the ecs, ocsf and sekoia writers cost nothing per line (speed is for the benchmarks).</summary>
public sealed class EcsOcsfSekoiaAllocationTests
{
    public static TheoryData<string> Formats => ["ecs", "ocsf", "sekoia"];

    [Theory]
    [MemberData(nameof(Formats))]
    public void Writing_allocates_nothing_per_line(string format)
    {
        var custom = new GeneratedLogGroup("/vpc/custom", EcsOcsfSamples.EveryVpcField);
        var small = Record(50, custom);
        var large = Record(500, custom);
        using var decoder = new FlowRecordDecoder(FormatMap.Single(EcsOcsfSamples.EveryVpcField));
        var output = new ArrayBufferWriter<byte>(4 << 20);
        var handler = new NdjsonFlowRecordHandler(FlowOutputFormats.Create(format), output);
        var (perSmall, perLarge) = PerLineAllocation.Measure(decoder, handler, output, small, large);

        Assert.True(perLarge - perSmall < 450, $"{format}: 50 lines {perSmall} B, 500 lines {perLarge} B");
        Assert.Equal(0, decoder.Counts.Errors);
    }

    private static byte[] Record(int lines, GeneratedLogGroup logGroup)
    {
        var generator = new FlowLogGenerator(lines, new FlowLogGeneratorOptions
        {
            MinEventsPerRecord = lines,
            MaxEventsPerRecord = lines,
            LogGroups = [logGroup],
        });
        return generator.NextRecord().Data;
    }
}
