namespace KinesisFlow.Aws.Sts;

/// <summary>Every STS operation KinesisFlow calls itself (IAM action "sts:" + the name): assuming a member account's role.</summary>
public static class StsOperations
{
    public const string AssumeRole = nameof(AssumeRole);

    public static string IamAction(string operation) => "sts:" + operation;
}
