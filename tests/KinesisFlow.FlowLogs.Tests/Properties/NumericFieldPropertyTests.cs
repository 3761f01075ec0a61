using System.Globalization;
using System.Text;
using CsCheck;
using KinesisFlow.FlowLogs.Tests.Support;

namespace KinesisFlow.FlowLogs.Tests.Properties;

/// <summary>
/// Lines AWS writes (single spaces) have their numeric fields checked by the digit masks of the single-spaced split;
/// any other spacing takes the general split and the digit-by-digit check. Both must accept and reject exactly what
/// the straightforward reading does (digits that fit the field's kind, or "-"), blame the same field, and give the
/// same values.
/// </summary>
public sealed class NumericFieldPropertyTests
{
    // A 32-bit field, a 64-bit field and a string long enough that every line is longer than one 32-byte chunk.
    private static readonly FlowLogFormat Format = FlowLogFormat.Parse("srcport interface-id bytes dstport packets");

    private static readonly Gen<string> Number = Gen.OneOf(
        Gen.Const("-"),
        Gen.String[Gen.Char['0', '9'], 1, 22],
        Gen.Select(Gen.String[Gen.Char['0', '9'], 0, 10], Gen.Char["x-+.e\u00e9"], Gen.String[Gen.Char['0', '9'], 0, 10]).Select((a, bad, b) => a + bad + b),
        Gen.Select(Gen.Int[0, 12], Gen.Long[0, long.MaxValue]).Select((zeros, value) => new string('0', zeros) + value.ToString(CultureInfo.InvariantCulture)),
        Gen.Long[int.MaxValue - 3L, int.MaxValue + 3L].Select(value => value.ToString(CultureInfo.InvariantCulture)));

    [Fact]
    public void Numeric_fields_are_accepted_and_read_as_the_straightforward_reading_does_whatever_the_spacing()
    {
        var line = Gen.Select(Number.Array[4], Gen.String[Gen.Char["abcdef0123456789-"], 1, 60], Gen.Int[1, 2])
            .Select((numbers, id, gap) => (Text: string.Join(new string(' ', gap), numbers[0], "eni-" + id, numbers[1], numbers[2], numbers[3]), Numbers: numbers));
        var accepted = 0;
        var rejected = 0;
        FixedSample.ForEach(line, 3000, sample =>
        {
            var (text, numbers) = sample;
            var kinds = new[] { FlowValueKind.Int32, FlowValueKind.Int64, FlowValueKind.Int32, FlowValueKind.Int64 };
            var firstBad = Enumerable.Range(0, numbers.Length).FirstOrDefault(i => !Fits(numbers[i], kinds[i]), -1);
            var reader = new NumberReader(Format);
            using var decoder = new FlowRecordDecoder(Format);
            var dead = new DecodeCollector();
            decoder.Decode(Records.Data(text), reader, dead);
            if (firstBad < 0)
            {
                Assert.Empty(dead.DeadLetters);
                Assert.Equal(numbers.Select(n => n == "-" ? 0 : long.Parse(n, CultureInfo.InvariantCulture)), reader.Values);
                accepted++;
            }
            else
            {
                var letter = Assert.Single(dead.DeadLetters);
                Assert.Equal(DeadLetterReason.BadNumber, letter.Reason);
                Assert.Equal(new[] { 1, 3, 4, 5 }[firstBad], letter.FieldPosition);
                rejected++;
            }
        });

        // Both outcomes must be well represented, or the property proves little.
        Assert.True(accepted > 200 && rejected > 200, $"accepted {accepted}, rejected {rejected}");
    }

    private static bool Fits(string token, FlowValueKind kind) =>
        token == "-" || (token.All(char.IsAsciiDigit) && (kind == FlowValueKind.Int32
            ? int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out _)
            : long.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out _)));

    private sealed class NumberReader(FlowLogFormat format) : IFlowRecordHandler
    {
        public List<long> Values { get; } = [];

        public void Handle(in FlowRecord record)
        {
            Values.Add(record.NumberAt(0));
            Values.Add(record.NumberAt(2));
            Values.Add(record.TryGetNumber(FlowField.DstPort, out var port) || !record.HasValueAt(3) ? port : -1);
            Values.Add(record.NumberAt(format.IndexOf(FlowField.Packets)));
            Assert.Equal(Encoding.ASCII.GetString(record.ValueAt(1)), Encoding.ASCII.GetString(record.Get(FlowField.InterfaceId)));
        }
    }
}
