using System.Text;
using System.Text.Json;
using CsCheck;
using KinesisFlow.FlowLogs.Generation;
using KinesisFlow.FlowLogs.Tests.Support;

namespace KinesisFlow.FlowLogs.Tests.Properties;

/// <summary>
/// Fixed-seed property tests: whatever the bytes, the decoder reports through its error model and never throws,
/// every event ends up either handed out or dead-lettered, and the counts add up.
/// </summary>
public sealed class DecoderFuzzTests
{
    private static readonly byte[][] Samples = BuildSamples();

    [Fact]
    public void Random_bytes_never_throw() =>
        FixedSample.ForEach(Gen.Byte.Array[0, 600], 3000, bytes => AssertConsistent(bytes, FlowLogFormat.DefaultV2));

    [Fact]
    public void Random_bytes_behind_a_gzip_signature_never_throw() =>
        FixedSample.ForEach(Gen.Byte.Array[0, 600], 3000, bytes => AssertConsistent([0x1f, 0x8b, 8, 0, .. bytes], FlowLogFormat.DefaultV2));

    [Fact]
    public void Mutated_records_never_throw() =>
        FixedSample.ForEach(
            Gen.Select(Gen.Int[0, Samples.Length - 1], Gen.Int[0, 1_000_000], Gen.Int[1, 8], Gen.Byte),
            1500,
            input =>
                {
                    var (sample, position, count, value) = input;
                    var data = (byte[])Samples[sample].Clone();
                    for (var i = 0; i < count; i++)
                    {
                        data[(position + (i * 7919)) % data.Length] ^= (byte)(value | 1);
                    }

                    AssertConsistent(data, FlowLogFormat.DefaultV2);
                    AssertConsistent(data[..(position % data.Length)], FlowLogFormat.DefaultV2);
                });

    [Fact]
    public void Mutated_envelopes_never_throw() =>
        FixedSample.ForEach(
            Gen.Select(Gen.Int[0, 1_000_000], Gen.Int[1, 4], Gen.Char['\0', '\u007f']),
            3000,
            input =>
                {
                    var (position, count, value) = input;
                    var json = Records.Json(["2 123456789010 eni-1 10.0.0.1 10.0.0.2 1 2 6 3 4 5 6 ACCEPT OK", "2 1 eni-2 - - - - - - - 5 6 - NODATA"]);
                    for (var i = 0; i < count; i++)
                    {
                        json[(position + (i * 31)) % json.Length] = (byte)value;
                    }

                    AssertConsistent(CloudWatchLogsEnvelope.Gzip(json), FlowLogFormat.DefaultV2);
                });

    [Fact]
    public void Any_line_is_either_decoded_to_valid_json_or_dead_lettered()
    {
        var token = Gen.OneOf(
            Gen.Const("-"),
            Gen.Const("2"),
            Gen.Long.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Gen.String[Gen.Char.AlphaNumeric, 1, 12],
            Gen.String[Gen.Char, 1, 6]);
        var line = Gen.Select(token.Array[0, 16], Gen.Int[1, 3]).Select((tokens, spaces) => string.Join(new string(' ', spaces), tokens));
        var format = FlowLogFormat.Parse("version srcaddr srcport bytes action");
        FixedSample.ForEach(
            line.Array[1, 20],
            1000,
            lines =>
            {
                var collector = AssertConsistent(Records.Data(lines), format);
                Assert.Equal(lines.Length, collector.Outputs.Count + collector.DeadLetters.Count);
                foreach (var output in collector.Outputs)
                {
                    using var json = JsonDocument.Parse(output);
                    Assert.Equal(JsonValueKind.Object, json.RootElement.ValueKind);
                }
            });
    }

    private static DecodeCollector AssertConsistent(byte[] data, FlowLogFormat format)
    {
        using var decoder = new FlowRecordDecoder(format, new FlowDecoderOptions { MaxDecompressedBytes = 64 * 1024 });
        var collector = new DecodeCollector();
        var result = decoder.Decode(data, collector, collector);
        var counts = decoder.Counts;
        Assert.Equal(1, counts.Records);
        Assert.Equal(result.Events, collector.Outputs.Count);
        Assert.Equal(counts.Events, result.Events);
        Assert.Equal(counts.LineErrors, result.LineErrors);
        Assert.Equal(counts.Errors, collector.DeadLetters.Count);
        switch (result.Outcome)
        {
            case RecordOutcome.DeadLettered:
                Assert.Equal(new DecodeCounts(1, 0, 0, 1, 0), counts);
                Assert.Equal(data, Assert.Single(collector.DeadLetters).Data);
                break;
            case RecordOutcome.Control:
                Assert.Equal(new DecodeCounts(1, 1, 0, 0, 0), counts);
                break;
            default:
                Assert.Equal(0, counts.RecordErrors);
                break;
        }

        Assert.All(collector.DeadLetters, d => Assert.DoesNotContain('\n', d.Message));
        return collector;
    }

    private static byte[][] BuildSamples()
    {
        var generator = new FlowLogGenerator(9, new FlowLogGeneratorOptions { MinEventsPerRecord = 3, MaxEventsPerRecord = 30 });
        return [.. Enumerable.Range(0, 8).Select(_ => generator.NextRecord().Data), Encoding.UTF8.GetBytes("{}")];
    }
}
