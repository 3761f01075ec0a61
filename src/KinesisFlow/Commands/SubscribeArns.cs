using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;

namespace KinesisFlow.Cli;

/// <summary>The ARNs subscribe takes, checked at parse time: a Kinesis stream or CloudWatch Logs destination, an IAM role.</summary>
internal static partial class SubscribeArns
{
    /// <summary>Stands for each account/region pair's region in a destination ARN.</summary>
    public const string RegionPlaceholder = "{region}";

    public static Option<string?> StreamOption(string description, string name = "--destination-arn") => new(name)
    {
        Description = description,
        HelpName = "STREAM_ARN",
        CustomParser = result => Check(result, StreamArn(), "a Kinesis stream ARN (arn:aws:kinesis:REGION:ACCOUNT:stream/NAME)"),
    };

    /// <summary>A Kinesis stream, or a CloudWatch Logs destination of a central account (whose region may be {region}).</summary>
    public static Option<string?> DestinationOption(string description) => new("--destination-arn")
    {
        Description = description,
        HelpName = "ARN",
        CustomParser = result => Check(
            result,
            StreamOrDestinationArn(),
            "a Kinesis stream ARN (arn:aws:kinesis:REGION:ACCOUNT:stream/NAME) or a CloudWatch Logs destination ARN (arn:aws:logs:REGION:ACCOUNT:destination:NAME)"),
    };

    public static bool IsDestination(string arn) => arn.Contains(":destination:", StringComparison.Ordinal);

    /// <summary>The last part of a stream or destination ARN.</summary>
    public static string TargetName(string arn) => IsDestination(arn)
        ? arn[(arn.IndexOf(":destination:", StringComparison.Ordinal) + ":destination:".Length)..]
        : StreamName(arn);

    /// <summary>A destination ARN for one region: {region} replaced; a literal region must be that region (a destination serves its own region's log groups only).</summary>
    public static string ForRegion(string arn, string region)
    {
        if (arn.Contains(RegionPlaceholder, StringComparison.Ordinal))
        {
            return arn.Replace(RegionPlaceholder, region, StringComparison.Ordinal);
        }

        var arnRegion = arn.Split(':')[3];
        return !IsDestination(arn) || arnRegion == region
            ? arn
            : throw new InvalidOperationException(
                $"the destination {arn} is in {arnRegion}, and CloudWatch Logs only lets log groups of its own region subscribe to it; create it in {region} too and give --destination-arn with {RegionPlaceholder}");
    }

    public static Option<string?> RoleOption(
        string description = "The role CloudWatch Logs assumes to write to the stream (infra/stream.yaml output SubscriptionRoleArn); you need iam:PassRole on it.") => new("--role-arn")
    {
        Description = description,
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

    [GeneratedRegex(@"^arn:aws(-[a-z]+)*:(kinesis:[a-z0-9-]+:\d{12}:stream/[A-Za-z0-9_.-]{1,128}|logs:([a-z0-9-]+|\{region\}):\d{12}:destination:[^:*]{1,512})$")]
    private static partial Regex StreamOrDestinationArn();

    [GeneratedRegex(@"^arn:aws(-[a-z]+)*:iam::\d{12}:role/[\w+=,.@/-]{1,512}$")]
    private static partial Regex RoleArn();
}
