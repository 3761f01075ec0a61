using System.Text;
using KinesisFlow.TestKit;

namespace KinesisFlow.Cli.Tests;

/// <summary>
/// How <c>redrive</c> reads its input: line by line from an offset, with the offset after each line exact, since the
/// progress file stores it and a resumed run starts there.
/// </summary>
public sealed class DeadLetterLineReaderTests : IDisposable
{
    private readonly TempDirectory _temp = new("kinesisflow-lines");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Lines_come_whole_with_the_offset_after_each_across_line_endings_blank_lines_and_a_missing_last_newline()
    {
        var long1 = new string('a', 700_000);
        var long2 = new string('b', 1_400_000);
        var content = $"first\r\n\n{long1}\nsecond\n\r\n{long2}\nlast";
        var path = _temp.File("dead.ndjson");
        File.WriteAllText(path, content);

        var read = ReadAll(path, 0);

        Assert.Equal(["first", long1, "second", long2, "last"], read.Select(r => r.Line));
        Assert.Equal(
            [7, 8 + 700_001, 8 + 700_001 + 7, 8 + 700_001 + 7 + 2 + 1_400_001, content.Length],
            read.Select(r => r.Offset));
    }

    [Fact]
    public void Reading_from_a_saved_offset_yields_exactly_the_lines_after_it()
    {
        var lines = Enumerable.Range(0, 5_000).Select(i => $"{{\"n\":{i},\"pad\":\"{new string('x', i % 300)}\"}}").ToList();
        var path = _temp.File("dead.ndjson");
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
        var all = ReadAll(path, 0);

        var resumed = ReadAll(path, all[2_999].Offset);

        Assert.Equal(lines, all.Select(r => r.Line));
        Assert.Equal(lines[3_000..], resumed.Select(r => r.Line));
        Assert.Equal(new FileInfo(path).Length, resumed[^1].Offset);
    }

    private static List<(string Line, long Offset)> ReadAll(string path, long offset)
    {
        var read = new List<(string, long)>();
        using var reader = new DeadLetterLineReader(path, offset);
        while (reader.TryReadLine(out var line))
        {
            read.Add((Encoding.UTF8.GetString(line.Span), reader.Offset));
        }

        return read;
    }
}
