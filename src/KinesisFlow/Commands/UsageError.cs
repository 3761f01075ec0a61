using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;

namespace KinesisFlow.Cli;

/// <summary>
/// A command line that does not parse (a missing or unknown option, a value not among the allowed ones) is a usage
/// error: one line on stderr naming the command and every problem, exit code 2, instead of the parser's errors
/// followed by the whole help and exit code 1.
/// </summary>
internal static partial class UsageError
{
    /// <summary>The one-line message when <paramref name="parseResult"/> has errors; null when it parsed.</summary>
    public static string? Message(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        // --help, given with an incomplete command line, still shows the help: only the parser's error action is replaced.
        if (parseResult.Action is not ParseErrorAction)
        {
            return null;
        }

        var names = new List<string>();
        for (var result = parseResult.CommandResult; result is not null; result = result.Parent as CommandResult)
        {
            names.Insert(0, result.Command.Name);
        }

        var path = string.Join(' ', names);
        var problems = string.Join("; ", parseResult.Errors.Select(e => Spaces().Replace(e.Message, " ").Trim().TrimEnd('.')));
        return $"{path}: {problems} (`{path} --help` shows the usage)";
    }

    // The parser's messages may span lines and indent with tabs (a list of allowed values): one line, single spaces.
    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
