using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using KinesisFlow.Coordination.Telemetry;

namespace KinesisFlow.Leases;

/// <summary>
/// The lease coordinator's instruments on the <c>KinesisFlow</c> meter (<see cref="KinesisFlowMeter"/>), per worker
/// (<c>worker.id</c>): leases owned, live workers seen, shards waiting on a parent, and leases taken, stolen, lost and
/// handed off. Register it as a singleton; every method is thread-safe.
/// </summary>
public sealed class LeaseInstruments
{
    // What each worker's coordinator saw at its last balancing cycle, behind the observable gauges. An entry lives while
    // the worker runs here (WorkerStopped removes it), so a stopped worker stops reporting instead of freezing.
    private readonly ConcurrentDictionary<string, WorkerState> _workers = new(StringComparer.Ordinal);

    private readonly Counter<long> _leasesTaken;
    private readonly Counter<long> _leasesLost;
    private readonly Counter<long> _leasesStolen;
    private readonly Counter<long> _leasesHandedOff;

    /// <param name="meterFactory">Creates the <c>KinesisFlow</c> meter.</param>
    public LeaseInstruments(IMeterFactory meterFactory)
    {
        var meter = KinesisFlowMeter.Create(meterFactory);
        meter.CreateObservableGauge("kinesisflow.worker.leases.owned", () => ObserveWorkers(static w => w.LeasesOwned), "{lease}",
            "Leases this worker owns.");
        meter.CreateObservableGauge("kinesisflow.worker.workers", () => ObserveWorkers(static w => w.WorkersSeen), "{worker}",
            "Live workers this worker saw in the lease table at its last balancing cycle (itself included).");
        meter.CreateObservableGauge("kinesisflow.worker.shards.waiting_on_parent", () => ObserveWorkers(static w => w.ShardsWaitingOnParents), "{shard}",
            "Owned shards not yet processed because a parent shard has not reached SHARD_END.");
        _leasesTaken = meter.CreateCounter<long>("kinesisflow.worker.leases.taken", "{lease}",
            "Unowned or expired leases this worker took.");
        _leasesStolen = meter.CreateCounter<long>("kinesisflow.worker.leases.stolen", "{lease}",
            "Leases this worker stole from a live, more loaded worker to balance the fleet.");
        _leasesLost = meter.CreateCounter<long>("kinesisflow.worker.leases.lost", "{lease}",
            "Leases this worker held and lost (taken by another worker or failed to renew).");
        _leasesHandedOff = meter.CreateCounter<long>("kinesisflow.worker.leases.handed_off", "{lease}",
            "Leases this worker checkpointed and released gracefully to another worker or at shutdown.");
    }

    /// <summary>What a worker's coordinator saw at the end of a balancing cycle; feeds the per-worker gauges.</summary>
    public void WorkerObserved(string workerId, int leasesOwned, int workersSeen, int shardsWaitingOnParents) =>
        _workers[workerId] = new WorkerState(leasesOwned, workersSeen, shardsWaitingOnParents);

    /// <summary>The worker stopped: its gauges stop reporting.</summary>
    public void WorkerStopped(string workerId) => _workers.TryRemove(workerId, out _);

    /// <summary>The worker took unowned or expired leases.</summary>
    public void LeaseTaken(string workerId, int leases = 1) => _leasesTaken.Add(leases, WorkerTag(workerId));

    /// <summary>The worker stole leases from a more loaded live worker.</summary>
    public void LeaseStolen(string workerId, int leases = 1) => _leasesStolen.Add(leases, WorkerTag(workerId));

    /// <summary>The worker lost leases it held.</summary>
    public void LeaseLost(string workerId, int leases = 1) => _leasesLost.Add(leases, WorkerTag(workerId));

    /// <summary>The worker released leases gracefully (handoff or shutdown).</summary>
    public void LeaseHandedOff(string workerId, int leases = 1) => _leasesHandedOff.Add(leases, WorkerTag(workerId));

    private static TagList WorkerTag(string workerId) => new() { { TelemetryTags.WorkerId, workerId } };

    private IEnumerable<Measurement<int>> ObserveWorkers(Func<WorkerState, int> value)
    {
        foreach (var (workerId, state) in _workers)
        {
            yield return new Measurement<int>(value(state), WorkerTag(workerId));
        }
    }

    private readonly record struct WorkerState(int LeasesOwned, int WorkersSeen, int ShardsWaitingOnParents);
}
