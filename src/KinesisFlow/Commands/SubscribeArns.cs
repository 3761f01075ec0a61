using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;

namespace KinesisFlow.Cli;

/// <summary>The ARNs subscribe takes, checked at parse time: a Kinesis stream and an IAM role.</summary>
internal static partial class SubscribeArns
{
    public static Option<string?> StreamOption(string description) => new("--destination-arn")
    {
        Description = description,
        HelpName = "STREAM_ARN",
        CustomParser = result => Check(result, StreamArn(), "a Kinesis stream ARN (arn:aws:kinesis:REGION:ACCOUNT:stream/NAME)"),
    };

    public static Option<string?> RoleOption() => new("--role-arn")
    {
        Description = "The role CloudWatch Logs assumes to write to the stream (infra/stream.yaml output SubscriptionRoleArn); you need iam:PassRole on it.",
        HelpName = "ROLE_ARN",
        CustomParser = result => Check(result, RoleArn(), "an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME)"),
    };

    /// <summary>The stream's name, the last part of its ARN.</summary>
    public static string StreamName(string streamArn) => streamArn[(streamArn.IndexOf(":stream/", StringComparison.Ordinal) + ":stream/".Length)..];

    private static string? Check(ArgumentResult result, Regex shape, string what)
    {
        var text = result.Tokens.Single().Value;
        if (shape.IsMatch(text))
        {
            return text;
        }

        result.AddError($"{(result.Parent as OptionResult)?.Option.Name}: '{text}' is not {what}.");
        return null;
    }

    [GeneratedRegex(@"^arn:aws(-[a-z]+)*:kinesis:[a-z0-9-]+:\d{12}:stream/[A-Za-z0-9_.-]{1,128}$")]
    private static partial Regex StreamArn();

    [GeneratedRegex(@"^arn:aws(-[a-z]+)*:iam::\d{12}:role/[\w+=,.@/-]{1,512}$")]
    private static partial Regex RoleArn();
}
