namespace KinesisFlow.Infra.Tests.Docs;

/// <summary>
/// A part of a Markdown file between two markers that a test generates from the code: the test fails when it drifts,
/// and rewrites it when run with KINESISFLOW_UPDATE_DOCS=1.
/// </summary>
public static class GeneratedDocSection
{
    public static void AssertCurrent(string path, string begin, string end, string expected)
    {
        var doc = File.ReadAllText(path);
        var start = doc.IndexOf(begin, StringComparison.Ordinal);
        var stop = doc.IndexOf(end, StringComparison.Ordinal);
        Assert.True(start >= 0 && stop > start, $"{Path.GetFileName(path)} lacks the markers {begin} ... {end}");
        var bodyStart = start + begin.Length + 1;
        if (doc[bodyStart..stop] != expected && Environment.GetEnvironmentVariable("KINESISFLOW_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, doc[..bodyStart] + expected + doc[stop..]);
            doc = File.ReadAllText(path);
            stop = doc.IndexOf(end, StringComparison.Ordinal);
        }

        Assert.Equal(expected, doc[bodyStart..stop]);
    }
}
