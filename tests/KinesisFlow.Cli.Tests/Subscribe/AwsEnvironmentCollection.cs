namespace KinesisFlow.Cli.Tests.Subscribe;

/// <summary>
/// Commands resolve credentials through the standard AWS chain, which reads the process environment: tests that run
/// commands share these dummy keys (for the local stand-ins only) and run one at a time.
/// </summary>
[CollectionDefinition(Name)]
public sealed class AwsEnvironmentCollection : ICollectionFixture<AwsEnvironment>
{
    public const string Name = "AWS environment";
}

public sealed class AwsEnvironment
{
    public AwsEnvironment()
    {
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    }
}
