using KinesisFlow.FlowLogs.Output;

namespace KinesisFlow.FlowLogs.Tests.Output;

/// <summary>The envelope scan's own vector loop must stop exactly where the SearchValues definition of plain text does.</summary>
public sealed class JsonTextTests
{
    [Fact]
    public void IndexOfNotPlain_finds_every_byte_value_at_every_position_as_the_plain_set_does()
    {
        var checkedCases = 0;
        foreach (var length in new[] { 0, 1, 31, 32, 33, 63, 64, 65, 100 })
        {
            var text = new byte[length];
            Array.Fill(text, (byte)'a');
            Assert.Equal(-1, JsonText.IndexOfNotPlain(text));
            for (var position = 0; position < length; position++)
            {
                for (var value = 0; value < 256; value++)
                {
                    text[position] = (byte)value;
                    Assert.Equal(text.AsSpan().IndexOfAnyExcept(JsonText.PlainBytes), JsonText.IndexOfNotPlain(text));
                    checkedCases++;
                }

                text[position] = (byte)'a';
            }
        }

        Assert.Equal(256 * (1 + 31 + 32 + 33 + 63 + 64 + 65 + 100), checkedCases);
    }
}
