using KinesisFlow.Coordination.Retries;

namespace KinesisFlow.Aws;

/// <summary>
/// Which failures are worth another attempt, and how long to wait before it: the service's
/// <see cref="ExponentialBackoff"/> (full jitter, a uniformly random wait between zero and the capped exponential),
/// so that many clients throttled together spread out instead of retrying in lockstep.
/// </summary>
public sealed class AwsRetryPolicy
{
    private static readonly HashSet<string> ThrottlingCodes = new(StringComparer.Ordinal)
    {
        "ProvisionedThroughputExceededException",
        "ThrottlingException",
        "Throttling",
        "ThrottledException",
        "RequestThrottledException",
        "RequestThrottled",
        "TooManyRequestsException",
        "RequestLimitExceeded",
        "SlowDown",
        "KMSThrottlingException",
        "TransactionInProgressException",
    };

    private static readonly HashSet<string> TransientCodes = new(StringComparer.Ordinal)
    {
        "InternalFailure",
        "InternalError",
        "InternalServerError",
        "ServiceUnavailable",
        "ServiceUnavailableException",
        "RequestTimeout",
        "RequestTimeoutException",
        "PriorRequestNotComplete",
        "IDPCommunicationError",
    };

    private readonly Func<double> _draw;

    /// <param name="maxAttempts">Attempts per call, the first included.</param>
    /// <param name="backoff">The wait after each failed attempt.</param>
    /// <param name="draw">Uniform draws in [0, 1) for the jitter (<see cref="Random.Shared"/> when null); tests fix them.</param>
    public AwsRetryPolicy(int maxAttempts, ExponentialBackoff backoff, Func<double>? draw = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        ArgumentNullException.ThrowIfNull(backoff);
        MaxAttempts = maxAttempts;
        Backoff = backoff;
        _draw = draw ?? Random.Shared.NextDouble;
    }

    public int MaxAttempts { get; }

    public ExponentialBackoff Backoff { get; }

    public static AwsRetryPolicy From(AwsClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new AwsRetryPolicy(options.MaxAttempts, new ExponentialBackoff(options.RetryBaseDelay, options.RetryMaxDelay));
    }

    /// <summary>True for throttling, 5xx and the service's transient errors; false for everything the caller must fix.</summary>
    public static bool IsRetryable(AwsServiceException error, AwsOperation operation)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(operation);
        if (IsThrottling(error.ErrorCode, operation))
        {
            return true;
        }

        return TransientCodes.Contains(error.ErrorCode) || (int)error.StatusCode >= 500;
    }

    public static bool IsThrottling(string errorCode, AwsOperation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return ThrottlingCodes.Contains(errorCode)
            || (operation.LimitExceededIsThrottling && errorCode == "LimitExceededException");
    }

    /// <summary>The wait after failed attempt <paramref name="attempt"/> (1 or more), before the next one.</summary>
    public TimeSpan DelayAfter(int attempt) => Backoff.DelayAfter(attempt, _draw());
}
