namespace KinesisFlow.Emulators;

/// <summary>kinesis-mock's settings (its own environment variables, see its README).</summary>
public sealed record KinesisMockOptions : EmulatorOptions
{
    /// <summary>SHARD_LIMIT: open shards allowed across the account.</summary>
    public int ShardLimit { get; init; } = 50;

    /// <summary>
    /// How long streams and consumers stay in a transitional state (CREATING, DELETING, UPDATING, resharding,
    /// consumer registration). kinesis-mock's default is 500 ms; shorter keeps tests quick.
    /// </summary>
    public TimeSpan StateTransitionDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>AWS_REGION: the region streams belong to when a request does not say.</summary>
    public string Region { get; init; } = "us-east-1";

    /// <summary>AWS_ACCOUNT_ID: the account in the stream ARNs.</summary>
    public string AccountId { get; init; } = "000000000000";

    /// <summary>LOG_LEVEL of kinesis-mock's own log (ERROR, WARN, INFO, DEBUG, TRACE); its output is kept for error messages.</summary>
    public string LogLevel { get; init; } = "WARN";
}
