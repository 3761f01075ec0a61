namespace KinesisFlow.Sinks;

/// <summary>
/// What the consumer and the sinks tell the readiness probe (<c>/health/ready</c>). Ready means every running worker's
/// lease coordinator renewed recently and no sink has failed too many batches in a row. Implementations are thread-safe.
/// </summary>
public interface IReadinessReporter
{
    /// <summary>A worker's coordinator completed a renewal cycle (call it every cycle, even when it owns no lease).</summary>
    void LeasesRenewed(string workerId);

    /// <summary>A worker stopped on purpose; it no longer counts towards readiness.</summary>
    void WorkerStopped(string workerId);

    /// <summary>A sink delivered a batch; resets its run of failures.</summary>
    void SinkSucceeded(string sinkName);

    /// <summary>A sink's delivery of a batch failed: an attempt it will retry, or a batch it gave up on.</summary>
    void SinkFailed(string sinkName);
}
