namespace KinesisFlow.Aws;

/// <summary>
/// Which failures are worth another attempt, and how long to wait before it: capped exponential backoff with
/// full jitter (a uniformly random wait between zero and the capped exponential), so that many clients throttled
/// together spread out instead of retrying in lockstep.
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

    private readonly Func<double> _random;

    /// <param name="maxAttempts">Attempts per call, the first included.</param>
    /// <param name="baseDelay">Ceiling of the first backoff; doubled for each further attempt.</param>
    /// <param name="maxDelay">Cap of every backoff ceiling.</param>
    /// <param name="random">Uniform source in [0, 1) for the jitter; tests pass a fixed one.</param>
    public AwsRetryPolicy(int maxAttempts, TimeSpan baseDelay, TimeSpan maxDelay, Func<double>? random = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(baseDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDelay, baseDelay);
        MaxAttempts = maxAttempts;
        BaseDelay = baseDelay;
        MaxDelay = maxDelay;
        _random = random ?? Random.Shared.NextDouble;
    }

    public int MaxAttempts { get; }

    public TimeSpan BaseDelay { get; }

    public TimeSpan MaxDelay { get; }

    public static AwsRetryPolicy From(AwsClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new AwsRetryPolicy(options.MaxAttempts, options.RetryBaseDelay, options.RetryMaxDelay);
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

    /// <summary>The longest wait before attempt <paramref name="attempt"/> + 1: min(cap, base × 2^(attempt−1)).</summary>
    public TimeSpan CeilingAfter(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var exponent = Math.Min(attempt - 1, 30);
        var ticks = Math.Min((double)MaxDelay.Ticks, BaseDelay.Ticks * Math.Pow(2, exponent));
        return TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>The wait before attempt <paramref name="attempt"/> + 1, uniformly drawn below <see cref="CeilingAfter"/>.</summary>
    public TimeSpan DelayAfter(int attempt) => TimeSpan.FromTicks((long)(CeilingAfter(attempt).Ticks * _random()));
}
