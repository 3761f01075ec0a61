using KinesisFlow.FlowLogs.Generation;
using KinesisFlow.FlowLogs.Tests.Support;

namespace KinesisFlow.FlowLogs.Tests.Generation;

public sealed class FlowLogGeneratorTests
{
    [Fact]
    public void The_same_seed_gives_the_same_records()
    {
        var a = new FlowLogGenerator(42);
        var b = new FlowLogGenerator(42);
        for (var i = 0; i < 5; i++)
        {
            var x = a.NextRecord();
            var y = b.NextRecord();
            Assert.Equal(x.Events, y.Events);
            Assert.Equal(x.LogStream, y.LogStream);
            Assert.Equal(TestGzip.Gunzip(x.Data), TestGzip.Gunzip(y.Data));
        }

        Assert.NotEqual(new FlowLogGenerator(1).NextRecord().Events, new FlowLogGenerator(2).NextRecord().Events);
    }

    [Fact]
    public void Default_traffic_is_a_realistic_mix()
    {
        var generator = new FlowLogGenerator(7);
        var records = Enumerable.Range(0, 40).Select(_ => generator.NextRecord()).ToList();
        Assert.All(records, r => Assert.InRange(r.Events.Count, 50, 500));
        var lines = records.SelectMany(r => r.Events.Select(e => e.Message)).ToList();
        Assert.Contains(lines, l => l.Contains(" REJECT ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(" ACCEPT ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EndsWith(" NODATA", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EndsWith(" SKIPDATA", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Split(' ')[3].Contains(':', StringComparison.Ordinal));
        Assert.Contains(lines, l => long.TryParse(l.Split(' ')[9], out var bytes) && bytes > uint.MaxValue);
        Assert.InRange(lines.Select(l => l.Split(' ')[2]).Distinct().Count(), 2, 12);
        Assert.Contains(lines, l => l.Split(' ')[1].StartsWith('0'));
    }

    [Fact]
    public void Control_messages_appear_when_asked_for()
    {
        var generator = new FlowLogGenerator(3, new FlowLogGeneratorOptions { ControlMessageRatio = 0.5 });
        var records = Enumerable.Range(0, 20).Select(_ => generator.NextRecord()).ToList();
        Assert.Contains(records, r => r.IsControl);
        Assert.Contains(records, r => !r.IsControl);
        var control = records.First(r => r.IsControl);
        Assert.Equal(RecordOutcome.Control, Decode(FlowLogFormat.DefaultV2, control).Outcome);
    }

    public static TheoryData<string> Formats() =>
    [
        FlowLogFormat.DefaultV2.Text,
        FlowLogFormat.DefaultV2WithV5Fields.Text,
        FlowLogFormat.TransitGatewayDefault.Text,
        string.Join(' ', FlowFields.All.Where(f => !f.IsTransitGatewayOnly).Select(f => f.AwsName).Reverse()),
        "srcaddr dstaddr action",
    ];

    [Theory]
    [MemberData(nameof(Formats))]
    public void Any_format_generates_lines_the_decoder_reads_back(string formatText)
    {
        var format = FlowLogFormat.Parse(formatText);
        var generator = new FlowLogGenerator(5, new FlowLogGeneratorOptions { LogGroups = [new("/vpc/g", format)] });
        for (var i = 0; i < 10; i++)
        {
            var record = generator.NextRecord();
            using var decoder = new FlowRecordDecoder(format);
            var collector = new DecodeCollector();
            decoder.Decode(record.Data, collector, collector);
            Assert.Empty(collector.DeadLetters);
            Assert.Equal(record.Events.Select(e => e.Message), collector.Lines);
            Assert.Equal(record.Events.Select(e => e.Id), collector.EventIds);
            for (var j = 0; j < collector.Lines.Count; j++)
            {
                Assert.Equal(FlowLineOracle.Expected(collector.Lines[j], format), FlowLineOracle.Actual(collector.Outputs[j]));
            }
        }
    }

    private static RecordDecodeResult Decode(FlowLogFormat format, GeneratedRecord record)
    {
        using var decoder = new FlowRecordDecoder(format);
        var collector = new DecodeCollector();
        return decoder.Decode(record.Data, collector, collector);
    }
}
