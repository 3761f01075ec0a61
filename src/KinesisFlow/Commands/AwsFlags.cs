using System.CommandLine;

namespace KinesisFlow.Cli;

/// <summary>
/// The flags every command that talks to AWS has, as the AWS CLI spells them: <c>--region</c> (the first source of
/// <see cref="Aws.AwsRegionResolver"/>'s order) and <c>--profile</c>, which is AWS_PROFILE for this process and the
/// processes it starts, so that credentials and the profile's region come from the same chain either way.
/// </summary>
internal static class AwsFlags
{
    public const string ProfileName = "--profile";

    public static Option<string?> Region() => new("--region")
    {
        Description = "AWS region; when not given: AWS_REGION, AWS_DEFAULT_REGION, the profile's region, EC2 instance metadata (no default).",
        HelpName = "REGION",
    };

    public static Option<string?> Profile()
    {
        var profile = new Option<string?>(ProfileName)
        {
            Description = "AWS profile for credentials and region, as AWS_PROFILE: static keys, assume-role, IAM Identity Center (run `aws sso login` first).",
            HelpName = "PROFILE",
        };
        profile.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } name && (name.Length == 0 || name.Any(char.IsWhiteSpace)))
            {
                result.AddError($"{ProfileName}: '{name}' is not a profile name.");
            }
        });
        return profile;
    }

    /// <summary>
    /// Makes the invoked command's --profile this process's AWS_PROFILE, before the command builds any client. As in the
    /// AWS CLI, the flag wins over keys in the environment (the SDK's chain would try AWS_ACCESS_KEY_ID first): they are
    /// cleared for this process.
    /// </summary>
    public static void ApplyProfile(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        foreach (var option in parseResult.CommandResult.Command.Options)
        {
            if (option.Name == ProfileName && option is Option<string?> profile && parseResult.GetValue(profile) is { Length: > 0 } name)
            {
                Environment.SetEnvironmentVariable("AWS_PROFILE", name);
                foreach (var key in new[] { "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN" })
                {
                    Environment.SetEnvironmentVariable(key, null);
                }
            }
        }
    }
}
