namespace KinesisFlow.Sinks;

/// <summary>Batching, concurrency and retry settings shared by every HTTP sink.</summary>
public class HttpDeliveryOptions
{
    /// <summary>Most events in one request.</summary>
    public int MaxEventsPerRequest { get; set; } = 10_000;

    /// <summary>Most body bytes in one request (before gzip).</summary>
    public int MaxRequestBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>How long a partly filled request waits for more events before it is sent anyway.</summary>
    public TimeSpan Linger { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Requests sent (or being retried) at the same time; more events wait, which slows reading.</summary>
    public int MaxRequestsInFlight { get; set; } = 4;

    /// <summary>Time allowed for one attempt of one request.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Ceiling of the first retry's wait, doubled per failure in a row up to <see cref="MaxRetryDelay"/>; each wait is
    /// drawn below its ceiling (full jitter).
    /// </summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Cap of the retry waits' ceiling (a longer <c>Retry-After</c> is honoured as given).</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(60);
}
