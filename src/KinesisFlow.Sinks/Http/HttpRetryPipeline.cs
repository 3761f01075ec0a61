using System.Globalization;
using KinesisFlow.Coordination.Retries;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly;

namespace KinesisFlow.Sinks;

/// <summary>
/// The retry and timeout pipeline an HTTP sink sends each request through: retries (<see cref="ExponentialBackoff"/>,
/// honouring Retry-After) on 408, 429, 5xx, timeouts and connection errors, never giving up while running.
/// </summary>
internal static partial class HttpRetryPipeline
{
    /// <param name="profile">The sink's delivery settings and name.</param>
    /// <param name="time">Clock for the attempt timeout and the retry waits.</param>
    /// <param name="logger">Log of retries.</param>
    /// <param name="telemetry">Sink instruments (retries counted by cause).</param>
    /// <param name="draw">Uniform draws in [0, 1) for the backoff's jitter.</param>
    public static ResiliencePipeline<HttpResponseMessage> Build(HttpSinkProfile profile, TimeProvider time, ILogger logger, SinkTelemetry telemetry, Func<double> draw)
    {
        var delivery = profile.Delivery;
        var backoff = new ExponentialBackoff(delivery.RetryBaseDelay, delivery.MaxRetryDelay);
        var retry = new HttpRetryStrategyOptions
        {
            // Never give up while running: an outage backs up into the shards (nothing is lost or acknowledged
            // early); shutdown cancels the wait.
            MaxRetryAttempts = int.MaxValue,
            ShouldRetryAfterHeader = true,

            // 408, 429, 5xx, connection errors and attempt timeouts; also a connect timeout surfacing as a
            // cancellation that is not ours (only shutdown stops the retrying).
            ShouldHandle = arguments => ValueTask.FromResult(
                HttpClientResiliencePredicates.IsTransient(arguments.Outcome)
                || (arguments.Outcome.Exception is OperationCanceledException && !arguments.Context.CancellationToken.IsCancellationRequested)),
            OnRetry = arguments =>
            {
                var cause = arguments.Outcome.Exception?.GetType().Name ?? ((int)arguments.Outcome.Result!.StatusCode).ToString(CultureInfo.InvariantCulture);
                telemetry.Retried(profile.Name, cause);
                LogRetrying(logger, profile.Name, cause, arguments.AttemptNumber + 1, arguments.RetryDelay);
                return default;
            },
        };

        // The waits are the service's one backoff, not Polly's own (decorrelated jitter): a Retry-After the server
        // sent wins (the library's parsing, set up by ShouldRetryAfterHeader), otherwise the ExponentialBackoff for
        // this many failures in a row (Polly counts retries from 0).
        var retryAfter = retry.DelayGenerator!;
        retry.DelayGenerator = async arguments =>
            await retryAfter(arguments) ?? backoff.DelayAfter(arguments.AttemptNumber + 1, draw());

        return new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddRetry(retry)
            .AddTimeout(delivery.RequestTimeout)
            .Build();
    }

    [LoggerMessage(EventId = 501, Level = LogLevel.Warning, Message = "Sink {Sink} could not deliver ({Cause}); attempt {Attempt} in {Delay}")]
    private static partial void LogRetrying(ILogger logger, string sink, string cause, int attempt, TimeSpan delay);
}
