namespace KinesisFlow.Cli.Tests;

/// <summary>
/// What `--help` shows: the root lists every subcommand on one line that fits 80 columns, and every command's help ends
/// with two or three examples that name the command they document (DocSampleTests checks that each one parses).
/// </summary>
public sealed class HelpTests
{
    public static TheoryData<string> CommandPaths => [.. CommandTree.Commands().Select(c => c.Path)];

    [Fact]
    public async Task The_root_help_lists_each_subcommand_on_one_line_within_80_columns()
    {
        var (exitCode, output, _) = await CommandTree.RunAsync("--help");

        Assert.Equal(0, exitCode);
        var listed = Section(output, "Commands:");
        Assert.Equal(CommandTree.Create().Subcommands.Select(c => c.Name), listed.Select(l => l.Trim().Split(' ')[0]));
        Assert.All(listed, line => Assert.True(line.Length <= 80, $"{line.Length} columns: {line}"));
    }

    [Theory]
    [MemberData(nameof(CommandPaths))]
    public async Task Help_ends_with_two_or_three_examples_of_the_command(string path)
    {
        var (exitCode, output, _) = await CommandTree.RunAsync([.. path.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--help"]);

        Assert.Equal(0, exitCode);
        var examples = Section(output, "Examples:");
        Assert.InRange(examples.Count, 4, 6);
        Assert.Equal(examples[^1], output.TrimEnd().Split('\n')[^1]);
        for (var i = 0; i < examples.Count; i += 2)
        {
            Assert.StartsWith("  # ", examples[i], StringComparison.Ordinal);
            var command = $"  {$"kinesisflow {path}".Trim()}";
            Assert.True(examples[i + 1] == command || examples[i + 1].StartsWith(command + " ", StringComparison.Ordinal), examples[i + 1]);
        }
    }

    /// <summary>The lines of a help section, from its title to the next empty line.</summary>
    private static List<string> Section(string help, string title) =>
        [.. help.Split('\n').Select(l => l.TrimEnd('\r')).SkipWhile(l => l != title).Skip(1).TakeWhile(l => l.Length > 0)];
}
