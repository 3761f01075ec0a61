using System.Text;
using CsCheck;
using KinesisFlow.FlowLogs.Tests.Support;

namespace KinesisFlow.FlowLogs.Tests.Properties;

public sealed class LineSplitPropertyTests
{
    private static readonly Gen<string> Token = Gen.String[Gen.Char["abcdefXYZ0123456789-.:/"], 1, 40];

    [Fact]
    public void Any_spacing_splits_like_string_split_on_runs_of_spaces()
    {
        // Lines of 1-60 tokens joined by 1-3 spaces, with optional blanks around: short lines and lines far
        // longer than one 32-byte chunk, so both the vector path and its tail are exercised.
        var line = Gen.Select(Token.Array[1, 60], Gen.Int[1, 3], Gen.Int[0, 2], Gen.Int[0, 2])
            .Select((tokens, gap, lead, trail) => new string(' ', lead) + string.Join(new string(' ', gap), tokens) + new string(' ', trail));
        FixedSample.ForEach(line, 2000, text =>
        {
            var expected = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var format = FlowLogFormat.Parse(string.Join(' ', FlowFields.All.Where(f => !f.IsNumeric).Take(expected.Length).Select(f => f.AwsName)));
            if (format.Count != expected.Length)
            {
                return; // more tokens than string fields exist: covered by the field-count tests
            }

            using var decoder = new FlowRecordDecoder(format);
            var tokens = new TokenCollector();
            decoder.Decode(Records.Data(text), tokens, new DecodeCollector());
            Assert.Equal(expected, tokens.Tokens);
        });
    }

    [Fact]
    public void The_plain_fast_path_writes_what_the_escaping_writer_writes()
    {
        var generator = new KinesisFlow.FlowLogs.Generation.FlowLogGenerator(17, new() { LogGroups = [new("/vpc/x", FlowLogFormat.DefaultV2WithV5Fields)] });
        var checker = new BothJsonWriters();
        using var decoder = new FlowRecordDecoder(FlowLogFormat.DefaultV2WithV5Fields);
        for (var i = 0; i < 5; i++)
        {
            decoder.Decode(generator.NextRecord().Data, checker, null, new KinesisRecordContext(i % 2 == 0 ? "shardId-1" : null, "42"));
        }

        Assert.True(checker.Compared > 250);
    }

    private sealed class TokenCollector : IFlowRecordHandler
    {
        public List<string> Tokens { get; } = [];

        public void Handle(in FlowRecord record)
        {
            for (var i = 0; i < record.FieldCount; i++)
            {
                Tokens.Add(Encoding.UTF8.GetString(record.ValueAt(i)));
            }
        }
    }
}
