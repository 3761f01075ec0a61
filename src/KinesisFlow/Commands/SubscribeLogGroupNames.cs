using System.Text.RegularExpressions;

namespace KinesisFlow.Cli;

/// <summary>CloudWatch Logs' rule for log group names: 1 to 512 of a-z A-Z 0-9 _ - / . #.</summary>
public static partial class SubscribeLogGroupNames
{
    public static bool IsValid(string name) => ValidName().IsMatch(name);

    [GeneratedRegex(@"^[A-Za-z0-9_\-/.#]{1,512}$")]
    private static partial Regex ValidName();
}
