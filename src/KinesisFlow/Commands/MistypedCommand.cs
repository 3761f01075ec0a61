using System.CommandLine;
using KinesisFlow.Cli.Settings;

namespace KinesisFlow.Cli;

/// <summary>
/// <c>kinesisflow stauts</c>: one line naming the closest command (exit 2), as git and the AWS CLI do, instead of the
/// parser's errors followed by the whole help.
/// </summary>
internal static class MistypedCommand
{
    /// <summary>The one-line message when the first word is not a command of <paramref name="root"/>; null otherwise.</summary>
    public static string? Message(RootCommand root, ParseResult parseResult, IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(parseResult);
        if (parseResult.CommandResult.Command != root || args.Count == 0 || args[0].StartsWith('-') || args[0].StartsWith('['))
        {
            return null;
        }

        var closest = ClosestName.Find(args[0], root.Subcommands.Select(c => c.Name));
        return closest is null
            ? $"kinesisflow: '{args[0]}' is not a command; `kinesisflow --help` lists them."
            : $"kinesisflow: '{args[0]}' is not a command; did you mean '{closest}'? (`kinesisflow --help` lists them)";
    }
}
