using System.Text;
using CsCheck;
using KinesisFlow.FlowLogs.Tests.Support;

namespace KinesisFlow.FlowLogs.Tests.Properties;

/// <summary>
/// The single-spaced split (one vector pass writing each field as its space is found, doubled spaces found from the
/// chunk masks) against the straightforward reading of the same line: it must give exactly the fields of
/// <c>string.Split(' ')</c> when the line is single-spaced and has the expected count, refuse every other line, and
/// its digit masks must vouch for a field exactly when the field is digits (or a lone <c>-</c>) within the limit, and
/// for a stretch of fields exactly when it is digits and spaces.
/// </summary>
public sealed class SingleSpacedSplitPropertyTests
{
    private static readonly Gen<string> Field = Gen.OneOf(
        Gen.Const("-"),
        Gen.String[Gen.Char['0', '9'], 1, 24],
        Gen.String[Gen.Char["0123456789-abc.:"], 1, 40]);

    // 1 to 60 fields of up to 40 bytes (lines from a few bytes to past the 1,024 the split handles), joined by single
    // spaces with now and then a doubled one, and a space at either end now and then.
    private static readonly Gen<(string Line, int Fields)> Line =
        Gen.Select(Field.Array[1, 60], Gen.Int[0, 7], Gen.Int[0, 7], Gen.Int[0, 100])
            .Select((fields, lead, trail, doubled) =>
            {
                var text = new StringBuilder(lead == 0 ? " " : string.Empty);
                for (var i = 0; i < fields.Length; i++)
                {
                    text.Append(i == 0 ? string.Empty : doubled == i ? "  " : " ").Append(fields[i]);
                }

                return (text.Append(trail == 0 ? " " : string.Empty).ToString(), fields.Length);
            });

    [Fact]
    public void Gives_the_fields_of_a_plain_split_or_refuses_the_line()
    {
        var split = 0;
        var refused = 0;
        FixedSample.ForEach(Line, 4000, sample =>
        {
            var (text, count) = sample;
            var line = Encoding.ASCII.GetBytes(text);
            var tokens = new TokenRange[count + SingleSpacedSplit.TokenSlack];
            var digits = new uint[SingleSpacedSplit.MaskCount];
            var plain = !text.StartsWith(' ') && !text.EndsWith(' ') && !text.Contains("  ", StringComparison.Ordinal);
            var handled = line.Length >= 32 && line.Length <= SingleSpacedSplit.MaxLength;

            // One field too many or too few expected must be refused as well.
            Assert.False(SingleSpacedSplit.TrySplit(line, new TokenRange[count + 1 + SingleSpacedSplit.TokenSlack], count + 1, digits));
            Assert.False(count > 1 && SingleSpacedSplit.TrySplit(line, tokens, count - 1, digits));

            var ok = SingleSpacedSplit.TrySplit(line, tokens, count, digits);
            Assert.Equal(plain && handled, ok);
            if (!ok)
            {
                refused++;
                return;
            }

            split++;
            var expected = text.Split(' ');
            for (var i = 0; i < count; i++)
            {
                Assert.Equal(expected[i], Encoding.ASCII.GetString(line, tokens[i].Start, tokens[i].Length));
                foreach (var limit in new[] { NumericCheck.MaxInt32Digits, NumericCheck.MaxInt64Digits })
                {
                    var vouched = expected[i] == "-" || (expected[i].Length <= limit && expected[i].All(char.IsAsciiDigit));
                    Assert.Equal(vouched, SingleSpacedSplit.IsNumber(ref digits[0], ref line[0], tokens[i].Start, tokens[i].Length, limit));
                }

                // Every stretch from this field to a later one: digits and spaces only, or not.
                for (var j = i; j < count; j++)
                {
                    var stretch = text[tokens[i].Start..(tokens[j].Start + tokens[j].Length)];
                    var digitsOrSpaces = stretch.All(c => c == ' ' || char.IsAsciiDigit(c));
                    Assert.Equal(digitsOrSpaces, SingleSpacedSplit.NotDigitsOrSpaces(ref digits[0], tokens[i].Start, stretch.Length) == 0);
                }
            }
        });

        // Both outcomes must be well represented, or the property proves little.
        Assert.True(split > 1000 && refused > 1000, $"split {split}, refused {refused}");
    }
}
