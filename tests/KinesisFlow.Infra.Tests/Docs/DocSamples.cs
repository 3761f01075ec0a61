using System.Text.RegularExpressions;

namespace KinesisFlow.Infra.Tests.Docs;

/// <summary>A fenced code block of a Markdown file, with where it is (for failure messages).</summary>
public sealed record DocSample(string File, int Line, string Language, string Code)
{
    public override string ToString() => $"{File}:{Line}";
}

/// <summary>The fenced code blocks of README.md, infra/README.md and docs/*.md.</summary>
public static partial class DocSamples
{
    public static IEnumerable<string> Files =>
        new[] { RepositoryRoot.File("README.md"), RepositoryRoot.File("infra", "README.md") }
            .Concat(Directory.EnumerateFiles(RepositoryRoot.File("docs"), "*.md").Order(StringComparer.Ordinal));

    public static IEnumerable<DocSample> All(string language) => Files.SelectMany(file => Read(file)).Where(s => s.Language == language);

    public static IEnumerable<DocSample> Read(string path)
    {
        var text = File.ReadAllText(path);
        var name = Path.GetRelativePath(RepositoryRoot.Path, path);
        foreach (Match block in Fence().Matches(text))
        {
            var line = text[..block.Index].Count(c => c == '\n') + 1;
            yield return new DocSample(name, line, block.Groups[1].Value, block.Groups[2].Value);
        }
    }

    [GeneratedRegex(@"^```([a-z]*)\n(.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex Fence();
}
