using System.Diagnostics.Metrics;
using KinesisFlow.Coordination.Telemetry;

namespace KinesisFlow.Cli.Logging;

/// <summary>What a worker did over one summary interval, and where it stands at its end.</summary>
internal sealed record WorkerSummary(
    string WorkerIds,
    int ShardsHeld,
    TimeSpan Interval,
    long Records,
    long Events,
    long Bytes,
    long DeadLetters,
    double OldestCheckpointAgeSeconds,
    double MaxLagSeconds)
{
    public double RecordsPerSecond => PerSecond(Records);

    public double EventsPerSecond => PerSecond(Events);

    private double PerSecond(long count) => Interval > TimeSpan.Zero ? Math.Round(count / Interval.TotalSeconds, 1) : 0;
}

/// <summary>
/// Reads the summary from the process's own <c>KinesisFlow</c> metrics (the instruments docs/operations.md lists), so
/// the log line and the dashboards can never disagree and no second set of counters is kept: counters are summed as
/// they are recorded (one atomic add per measurement), gauges (leases owned, shard lag, checkpoint age) are observed
/// when a summary is taken. Only the meter of this host's <see cref="IMeterFactory"/> is read, not another host's in
/// the same process.
/// </summary>
internal sealed class WorkerSummaryReader : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly TimeProvider _time;
    private readonly Counter _records = new("kinesisflow.shard.received.records");
    private readonly Counter _bytes = new("kinesisflow.shard.received.bytes");
    private readonly Counter _events = new("kinesisflow.shard.parsed.events");
    private readonly Counter _deadLetteredRecords = new("kinesisflow.shard.dead_lettered.records");
    private readonly Counter _deadLetteredEvents = new("kinesisflow.sink.dead_lettered.events");
    private readonly Gauge _leasesOwned = new("kinesisflow.worker.leases.owned");
    private readonly Gauge _lag = new("kinesisflow.shard.lag");
    private readonly Gauge _checkpointAge = new("kinesisflow.shard.checkpoint.age");
    private readonly Lock _gate = new();
    private long _since;
    private Totals _previous;

    public WorkerSummaryReader(IMeterFactory meterFactory, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _time = time;
        var byName = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var counter in new[] { _records, _bytes, _events, _deadLetteredRecords, _deadLetteredEvents })
        {
            byName.Add(counter.Name, counter);
        }

        foreach (var gauge in Gauges)
        {
            byName.Add(gauge.Name, gauge);
        }

        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == KinesisFlowMeter.Name && ReferenceEquals(instrument.Meter.Scope, meterFactory)
                && byName.TryGetValue(instrument.Name, out var state))
            {
                listener.EnableMeasurementEvents(instrument, state);
            }
        };
        _listener.SetMeasurementEventCallback<long>(static (_, value, _, state) => ((Counter)state!).Add(value));
        _listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => ((Gauge)state!).Observe(value, tags));
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((Gauge)state!).Observe(value, tags));
        _listener.Start();
        _since = _time.GetTimestamp();
    }

    /// <summary>The summary since the previous one (or since this reader started).</summary>
    public WorkerSummary Take()
    {
        lock (_gate)
        {
            foreach (var gauge in Gauges)
            {
                gauge.Clear();
            }

            _listener.RecordObservableInstruments();
            var now = _time.GetTimestamp();
            var interval = _time.GetElapsedTime(_since, now);
            var totals = new Totals(_records.Total, _events.Total, _bytes.Total, _deadLetteredRecords.Total + _deadLetteredEvents.Total);
            var summary = new WorkerSummary(
                _leasesOwned.Workers.Count > 0 ? string.Join(",", _leasesOwned.Workers) : "(none yet)",
                (int)_leasesOwned.Sum,
                interval,
                totals.Records - _previous.Records,
                totals.Events - _previous.Events,
                totals.Bytes - _previous.Bytes,
                totals.DeadLetters - _previous.DeadLetters,
                Math.Round(_checkpointAge.Max, 1),
                Math.Round(_lag.Max, 1));
            (_since, _previous) = (now, totals);
            return summary;
        }
    }

    private Gauge[] Gauges => [_leasesOwned, _lag, _checkpointAge];

    public void Dispose() => _listener.Dispose();

    private readonly record struct Totals(long Records, long Events, long Bytes, long DeadLetters);

    /// <summary>A counter's running total in this process.</summary>
    private sealed class Counter(string name)
    {
        private long _total;

        public string Name { get; } = name;

        public long Total => Interlocked.Read(ref _total);

        public void Add(long value) => Interlocked.Add(ref _total, value);
    }

    /// <summary>A gauge's measurements at the last observation: their sum, their maximum, and the workers they came from.</summary>
    private sealed class Gauge(string name)
    {
        public string Name { get; } = name;

        public double Sum { get; private set; }

        public double Max { get; private set; }

        public SortedSet<string> Workers { get; } = new(StringComparer.Ordinal);

        public void Clear()
        {
            (Sum, Max) = (0, 0);
            Workers.Clear();
        }

        public void Observe(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            Sum += value;
            Max = Math.Max(Max, value);
            foreach (var (key, tag) in tags)
            {
                if (key == "worker.id" && tag is string worker)
                {
                    Workers.Add(worker);
                }
            }
        }
    }
}
