using KinesisFlow.Consumer.Telemetry;
using Microsoft.Extensions.Time.Testing;

namespace KinesisFlow.Consumer.Tests.Telemetry;

public sealed class ReadinessStateTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly ReadinessState _readiness;

    public ReadinessStateTests() =>
        _readiness = new ReadinessState(_time, new ReadinessOptions { RenewalStaleAfter = TimeSpan.FromSeconds(30), SinkFailureThreshold = 3 });

    [Fact]
    public void Not_ready_before_any_worker_renewed()
    {
        var report = _readiness.Evaluate();

        Assert.False(report.IsReady);
        Assert.Contains("no worker", report.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Ready_while_renewals_are_recent_and_not_ready_once_they_stall()
    {
        _readiness.LeasesRenewed("worker-a");
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.True(_readiness.Evaluate().IsReady);

        _time.Advance(TimeSpan.FromSeconds(1));
        var stalled = _readiness.Evaluate();
        Assert.False(stalled.IsReady);
        Assert.Contains("worker worker-a last renewed its leases 31 s ago", stalled.Description, StringComparison.Ordinal);

        _readiness.LeasesRenewed("worker-a");
        Assert.True(_readiness.Evaluate().IsReady);
    }

    [Fact]
    public void A_stopped_worker_no_longer_counts()
    {
        _readiness.LeasesRenewed("worker-a");
        _readiness.LeasesRenewed("worker-b");
        _readiness.WorkerStopped("worker-b");
        _time.Advance(TimeSpan.FromSeconds(20));
        _readiness.LeasesRenewed("worker-a");
        _time.Advance(TimeSpan.FromSeconds(20));

        Assert.True(_readiness.Evaluate().IsReady);
    }

    [Fact]
    public void A_sink_failing_past_the_threshold_makes_it_not_ready_until_it_succeeds_again()
    {
        _readiness.LeasesRenewed("worker-a");
        _readiness.SinkFailed("sekoia");
        _readiness.SinkFailed("sekoia");
        Assert.True(_readiness.Evaluate().IsReady);

        _readiness.SinkFailed("sekoia");
        var failing = _readiness.Evaluate();
        Assert.False(failing.IsReady);
        Assert.Contains("sink sekoia failed 3 batches in a row", failing.Description, StringComparison.Ordinal);

        _readiness.SinkSucceeded("sekoia");
        Assert.True(_readiness.Evaluate().IsReady);
    }
}
