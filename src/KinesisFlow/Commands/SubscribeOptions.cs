using System.CommandLine;
using System.CommandLine.Parsing;
using KinesisFlow.Aws;

namespace KinesisFlow.Cli;

/// <summary>Which log groups a subscribe / unsubscribe run looks at: exact names, name prefixes, a name pattern.</summary>
public sealed record SubscribeSelection(IReadOnlyList<string> Names, IReadOnlyList<string> Prefixes, string? Pattern)
{
    public bool IsEmpty => Names.Count == 0 && Prefixes.Count == 0 && Pattern is null;
}

/// <summary>The options <c>subscribe</c> and <c>unsubscribe</c> share, defined once so that both read them alike.</summary>
internal sealed class SubscribeOptions
{
    public Option<string[]> LogGroups { get; } = new("--log-group")
    {
        Description = "A log group by its exact name (repeatable).",
        HelpName = "NAME",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string[]> Prefixes { get; } = new("--log-group-prefix")
    {
        Description = "Every log group whose name starts with PREFIX, case-sensitive (repeatable).",
        HelpName = "PREFIX",
    };

    public Option<string?> Pattern { get; } = new("--log-group-pattern")
    {
        Description = "Every log group whose name contains PATTERN, case-insensitive.",
        HelpName = "PATTERN",
    };

    public Option<string[]> Exclude { get; } = new("--exclude-log-group")
    {
        Description = "Leave this log group alone (repeatable): the consumer's own logs.",
        HelpName = "NAME",
    };

    public Option<bool> AccountLevel { get; } = new("--account-level")
    {
        Description = "Manage the account-level subscription filter policy (every log group but the excluded ones) instead of per-log-group filters.",
    };

    public Option<bool> DryRun { get; } = new("--dry-run")
    {
        Description = "Show what would change and change nothing.",
    };

    public Option<string?> Region { get; } = AwsFlags.Region();

    public Option<string?> Profile { get; } = AwsFlags.Profile();

    public Option<Uri?> EndpointUrl { get; } = HttpUrlOption.Create("--endpoint-url", "CloudWatch Logs endpoint to use instead of the region's (a VPC endpoint or a local stand-in).");

    /// <summary>Adds the options to a command and checks that a selection and --account-level are not mixed.</summary>
    public void AddTo(Command command, bool selectionRequired)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var option in new Option[] { LogGroups, Prefixes, Pattern, Exclude, AccountLevel, DryRun, Region, Profile, EndpointUrl })
        {
            command.Options.Add(option);
        }

        command.Validators.Add(result =>
        {
            var hasSelection = HasSelection(result);
            if (result.GetValue(AccountLevel) && hasSelection)
            {
                result.AddError("--account-level covers every log group but the excluded ones; do not combine it with --log-group, --log-group-prefix or --log-group-pattern.");
            }
            else if (selectionRequired && !result.GetValue(AccountLevel) && !hasSelection)
            {
                result.AddError("Choose log groups with --log-group, --log-group-prefix or --log-group-pattern, or use --account-level.");
            }

            foreach (var name in (result.GetValue(LogGroups) ?? []).Concat(result.GetValue(Exclude) ?? []))
            {
                if (!SubscribeLogGroupNames.IsValid(name))
                {
                    result.AddError($"'{name}' is not a log group name (1-512 of a-z A-Z 0-9 _ - / . #).");
                }
            }
        });
    }

    public bool HasSelection(CommandResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.GetValue(LogGroups) is { Length: > 0 } || result.GetValue(Prefixes) is { Length: > 0 } || result.GetValue(Pattern) is not null;
    }

    public SubscribeSelection Selection(ParseResult parseResult) => new(
        parseResult.GetValue(LogGroups) ?? [],
        parseResult.GetValue(Prefixes) ?? [],
        parseResult.GetValue(Pattern));

    public AwsClientOptions Aws(ParseResult parseResult) => new()
    {
        Region = parseResult.GetValue(Region),
        ServiceUrl = parseResult.GetValue(EndpointUrl),
    };
}
