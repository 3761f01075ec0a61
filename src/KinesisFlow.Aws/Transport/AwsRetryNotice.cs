namespace KinesisFlow.Aws;

/// <summary>
/// One retry the transport is about to make: which operation, after which attempt, why (the AWS error code, e.g.
/// "ProvisionedThroughputExceededException", or <see cref="Timeout"/> / <see cref="NetworkError"/>), and the backoff.
/// Lets callers count throttling the client absorbed, which would otherwise be invisible.
/// </summary>
public sealed record AwsRetryNotice(string Operation, int Attempt, string Reason, TimeSpan Delay)
{
    public const string Timeout = "Timeout";
    public const string NetworkError = "NetworkError";
}
