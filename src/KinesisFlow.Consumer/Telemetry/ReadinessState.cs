using System.Collections.Concurrent;
using System.Text;

using KinesisFlow.Sinks;

namespace KinesisFlow.Consumer.Telemetry;

/// <summary>
/// The readiness verdict from what workers and sinks report. Time is this host's monotonic clock (TimeProvider), never
/// a wall clock compared with another host's. Not ready until at least one worker has renewed.
/// </summary>
public sealed class ReadinessState : IReadinessReporter
{
    private readonly TimeProvider _time;
    private readonly ReadinessOptions _options;
    private readonly ConcurrentDictionary<string, long> _lastRenewal = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _consecutiveSinkFailures = new(StringComparer.Ordinal);

    public ReadinessState(TimeProvider timeProvider, ReadinessOptions options)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(options);
        _time = timeProvider;
        _options = options;
    }

    public void LeasesRenewed(string workerId) => _lastRenewal[workerId] = _time.GetTimestamp();

    public void WorkerStopped(string workerId) => _lastRenewal.TryRemove(workerId, out _);

    public void SinkSucceeded(string sinkName) => _consecutiveSinkFailures[sinkName] = 0;

    public void SinkFailed(string sinkName) => _consecutiveSinkFailures.AddOrUpdate(sinkName, 1, static (_, failures) => failures + 1);

    /// <summary>Evaluates readiness now; the description names every reason for not being ready.</summary>
    public ReadinessReport Evaluate()
    {
        var problems = new StringBuilder();
        if (_lastRenewal.IsEmpty)
        {
            problems.Append("no worker has renewed its leases yet; ");
        }

        foreach (var (workerId, timestamp) in _lastRenewal)
        {
            var since = _time.GetElapsedTime(timestamp);
            if (since > _options.RenewalStaleAfter)
            {
                problems.Append($"worker {workerId} last renewed its leases {since.TotalSeconds:0.#} s ago; ");
            }
        }

        foreach (var (sinkName, failures) in _consecutiveSinkFailures)
        {
            if (failures >= _options.SinkFailureThreshold)
            {
                problems.Append($"sink {sinkName} failed {failures} batches in a row; ");
            }
        }

        return problems.Length == 0
            ? new ReadinessReport(true, $"{_lastRenewal.Count} worker(s) renewing, {_consecutiveSinkFailures.Count} sink(s) healthy")
            : new ReadinessReport(false, problems.ToString(0, problems.Length - 2));
    }
}

/// <summary>A readiness verdict and its reasons, for <c>/health/ready</c>.</summary>
public readonly record struct ReadinessReport(bool IsReady, string Description);
