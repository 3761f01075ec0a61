using System.Text.Json;

namespace KinesisFlow.Infra.Tests.Container;

/// <summary>One Dockerfile instruction: its keyword (upper case) and its arguments, continuation lines joined.</summary>
public sealed record DockerInstruction(string Keyword, string Arguments)
{
    /// <summary>The arguments of an exec-form instruction (<c>["a", "b"]</c>), or null for the shell form.</summary>
    public IReadOnlyList<string>? ExecForm(string prefix = "")
    {
        var text = Arguments[prefix.Length..].Trim();
        return text.StartsWith('[') ? JsonSerializer.Deserialize<List<string>>(text) : null;
    }
}

/// <summary>A build stage: the instructions from one FROM to the next.</summary>
public sealed record DockerStage(string Name, string BaseImage, IReadOnlyList<DockerInstruction> Instructions)
{
    public IEnumerable<DockerInstruction> All(string keyword) => Instructions.Where(i => i.Keyword == keyword);

    public DockerInstruction Single(string keyword) => Assert.Single(All(keyword));
}

/// <summary>The repository's Dockerfile, read into stages (enough of the syntax for the checks in these tests).</summary>
public static class Dockerfile
{
    public static string Path => RepositoryRoot.File("Dockerfile");

    public static IReadOnlyList<DockerStage> Stages { get; } = Read(File.ReadAllText(Path));

    public static DockerStage Stage(string name) => Stages.Single(s => s.Name == name);

    public static IReadOnlyList<DockerStage> Read(string text)
    {
        var stages = new List<DockerStage>();
        string? name = null, image = null;
        var instructions = new List<DockerInstruction>();
        foreach (var (keyword, arguments) in Instructions(text))
        {
            if (keyword == "FROM")
            {
                if (image is not null)
                {
                    stages.Add(new(name ?? "", image, instructions));
                }

                var words = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => !w.StartsWith("--", StringComparison.Ordinal)).ToList();
                image = words[0];
                name = words.Count == 3 && words[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? words[2] : null;
                instructions = [];
            }
            else if (image is not null)
            {
                instructions.Add(new(keyword, arguments));
            }
        }

        if (image is not null)
        {
            stages.Add(new(name ?? "", image, instructions));
        }

        return stages;
    }

    private static IEnumerable<(string Keyword, string Arguments)> Instructions(string text)
    {
        var pending = "";
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd();
            if (line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                pending += line[..^1].Trim() + " ";
                continue;
            }

            var whole = (pending + line.Trim()).Trim();
            pending = "";
            if (whole.Length == 0)
            {
                continue;
            }

            var space = whole.IndexOf(' ', StringComparison.Ordinal);
            yield return space < 0 ? (whole.ToUpperInvariant(), "") : (whole[..space].ToUpperInvariant(), whole[(space + 1)..].Trim());
        }
    }
}
