using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Runtime.CompilerServices;

namespace KinesisFlow.Cli;

/// <summary>One example of a command's help: what it does, and the command line that does it.</summary>
internal sealed record CommandExample(string What, string CommandLine);

/// <summary>
/// The examples each command's <c>--help</c> ends with: every command declares two or three where it is built, and
/// the help option of the root (recursive, so shared by every subcommand) writes them after the parser's own help.
/// </summary>
internal static class CommandExamples
{
    private static readonly ConditionalWeakTable<Command, IReadOnlyList<CommandExample>> ByCommand = [];

    /// <summary>Sets <paramref name="command"/>'s examples; returns it, to chain where the command is built.</summary>
    public static Command WithExamples(this Command command, params CommandExample[] examples)
    {
        ByCommand.AddOrUpdate(command, examples);
        return command;
    }

    /// <summary>
    /// The examples of <paramref name="command"/>; a command that declared none (a group such as <c>destination</c>)
    /// shows its subcommands' (the first of each, then the second, ...; three at most).
    /// </summary>
    public static IReadOnlyList<CommandExample> Of(Command command) =>
        ByCommand.TryGetValue(command, out var examples)
            ? examples
            : [.. command.Subcommands.SelectMany(sub => Of(sub).Select((example, index) => (example, index))).OrderBy(e => e.index).Take(3).Select(e => e.example)];

    /// <summary>Makes the root's help option end every command's help with its examples.</summary>
    public static void ShowInHelp(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new HelpWithExamples((HelpAction)help.Action!);
    }

    private sealed class HelpWithExamples(HelpAction help) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            var exitCode = help.Invoke(parseResult);
            var examples = Of(parseResult.CommandResult.Command);
            if (examples.Count > 0)
            {
                var output = parseResult.InvocationConfiguration.Output;
                output.WriteLine("Examples:");
                foreach (var example in examples)
                {
                    output.WriteLine($"  # {example.What}");
                    output.WriteLine($"  {example.CommandLine}");
                }

                output.WriteLine();
            }

            return exitCode;
        }
    }
}
