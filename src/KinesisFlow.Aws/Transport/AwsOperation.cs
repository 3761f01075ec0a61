namespace KinesisFlow.Aws;

/// <summary>
/// One operation of a JSON-protocol service. <paramref name="LimitExceededIsThrottling"/> says whether the service's
/// LimitExceededException means "too many requests right now" for this operation (Kinesis reads: retry) rather than
/// a quota that waiting will not lift (creating streams, subscription filters: fail fast).
/// </summary>
public sealed record AwsOperation(string Name, bool LimitExceededIsThrottling = false);
