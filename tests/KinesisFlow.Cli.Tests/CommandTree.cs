using System.CommandLine;

namespace KinesisFlow.Cli.Tests;

/// <summary>The real `kinesisflow` command tree, built as Program.cs builds it, to parse and run command lines in-process.</summary>
public static class CommandTree
{
    public static RootCommand Create() => CommandCatalog.Root();

    /// <summary>Every command of the tree, the root first, each with the words that name it (`destination create`).</summary>
    public static IEnumerable<(string Path, Command Command)> Commands()
    {
        var pending = new Stack<(string, Command)>([("", Create())]);
        while (pending.TryPop(out var entry))
        {
            yield return entry;
            foreach (var sub in entry.Item2.Subcommands.Reverse())
            {
                pending.Push(((entry.Item1 + " " + sub.Name).Trim(), sub));
            }
        }
    }

    /// <summary>The parse errors of a command line (empty when it parses).</summary>
    public static IReadOnlyList<string> ErrorsOf(IReadOnlyList<string> args) =>
        [.. Create().Parse(args).Errors.Select(e => e.Message)];

    /// <summary>Runs a command line; returns its exit code and what it wrote.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await Create().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }
}
