using System.Diagnostics.Metrics;
using KinesisFlow.Cli.Logging;
using KinesisFlow.Cli.Settings;
using KinesisFlow.Consumer.Telemetry;
using KinesisFlow.Leases;
using KinesisFlow.Sinks;
using KinesisFlow.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace KinesisFlow.Cli.Tests;

/// <summary>
/// The periodic summary line (event 102), on a fake clock: each interval it reports what the worker's own metrics
/// recorded in that interval (the real instrument classes record them, as the consumer, the leases and the sinks do), and where the gauges stand.
/// </summary>
public sealed class WorkerSummaryTests : IDisposable
{
    private readonly ObservableFakeTimeProvider _time = new();
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly FakeLogger<WorkerSummaryService> _logger = new();

    private IMeterFactory MeterFactory => _services.GetRequiredService<IMeterFactory>();

    [Fact]
    public async Task Every_interval_logs_the_rates_totals_and_gauges_of_that_interval()
    {
        using var shards = new ConsumerInstruments(MeterFactory, _time);
        var leases = new LeaseInstruments(MeterFactory);
        var sinks = new SinkInstruments(MeterFactory, _time);
        using var reader = new WorkerSummaryReader(MeterFactory, _time);
        using var service = new WorkerSummaryService(reader, Options.Create(new SummarySettings()), _time, _logger);
        leases.WorkerObserved("worker-a", leasesOwned: 2, workersSeen: 2, shardsWaitingOnParents: 0);
        shards.ShardStarted("flows", "shardId-000000000000");
        shards.ShardStarted("flows", "shardId-000000000001");
        shards.RecordsReceived("flows", "shardId-000000000000", 99, 99); // before the first interval: not counted in it
        await service.StartAsync(CancellationToken.None);
        Assert.Equal(TimeSpan.FromMinutes(1), await _time.NextTimerAsync(_ => true));

        shards.RecordsReceived("flows", "shardId-000000000000", 600, 3_000_000);
        shards.EventsParsed("flows", "shardId-000000000000", 60_000);
        shards.RecordsDeadLettered("flows", "shardId-000000000001", "unparsable_line", 2);
        sinks.SinkEventsDeadLettered("siem", "400", 3);
        shards.MillisBehindLatest("flows", "shardId-000000000001", 4_000);
        _time.Advance(TimeSpan.FromSeconds(20));
        shards.CheckpointWritten("worker-a", "flows", "shardId-000000000000", TimeSpan.FromMilliseconds(5));
        _time.Advance(TimeSpan.FromSeconds(40));
        var first = await SummaryAsync(1);

        _time.Advance(TimeSpan.FromMinutes(1));
        var second = await SummaryAsync(2);
        await service.StopAsync(CancellationToken.None);

        Assert.Equal(102, _logger.LatestRecord.Id.Id);
        Assert.Equal(
            "Worker worker-a: 2 shards held; 10 records/s, 1000 events/s, 3000000 bytes read, 5 dead letters in the last 00:01:00; oldest checkpoint 60 s old, lag at most 4 s",
            first.Message);
        Assert.Equal("worker-a", first.GetStructuredStateValue("WorkerId"));
        Assert.Equal("2", first.GetStructuredStateValue("ShardsHeld"));
        Assert.Equal(
            "Worker worker-a: 2 shards held; 0 records/s, 0 events/s, 0 bytes read, 0 dead letters in the last 00:01:00; oldest checkpoint 120 s old, lag at most 4 s",
            second.Message);
    }

    [Fact]
    public async Task An_interval_of_zero_turns_it_off()
    {
        var leases = new LeaseInstruments(MeterFactory);
        using var reader = new WorkerSummaryReader(MeterFactory, _time);
        using var service = new WorkerSummaryService(reader, Options.Create(new SummarySettings { SummaryInterval = TimeSpan.Zero }), _time, _logger);
        leases.WorkerObserved("worker-a", leasesOwned: 1, workersSeen: 1, shardsWaitingOnParents: 0);

        await service.StartAsync(CancellationToken.None);
        await service.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(30)); // ends at once: no timer, nothing to wait for
        _time.Advance(TimeSpan.FromHours(1));
        await service.StopAsync(CancellationToken.None);

        Assert.Equal(0, _logger.Collector.Count);
    }

    [Fact]
    public void Another_hosts_metrics_in_the_same_process_are_not_counted()
    {
        using var other = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var otherShards = new ConsumerInstruments(other.GetRequiredService<IMeterFactory>(), _time);
        var otherLeases = new LeaseInstruments(other.GetRequiredService<IMeterFactory>());
        using var shards = new ConsumerInstruments(MeterFactory, _time);
        var leases = new LeaseInstruments(MeterFactory);
        using var reader = new WorkerSummaryReader(MeterFactory, _time);

        otherLeases.WorkerObserved("worker-b", leasesOwned: 5, workersSeen: 2, shardsWaitingOnParents: 0);
        otherShards.RecordsReceived("flows", "shardId-000000000002", 1_000, 1_000);
        leases.WorkerObserved("worker-a", leasesOwned: 1, workersSeen: 2, shardsWaitingOnParents: 0);
        shards.RecordsReceived("flows", "shardId-000000000000", 10, 100);
        _time.Advance(TimeSpan.FromSeconds(10));
        var summary = reader.Take();

        Assert.Equal(("worker-a", 1, 10L, 100L), (summary.WorkerIds, summary.ShardsHeld, summary.Records, summary.Bytes));
        Assert.Equal(1.0, summary.RecordsPerSecond);
    }

    public void Dispose() => _services.Dispose();

    private async Task<FakeLogRecord> SummaryAsync(int count)
    {
        await Eventually.WaitUntilAsync(() => _logger.Collector.Count >= count, TimeSpan.FromSeconds(30), $"summary {count}");
        return _logger.Collector.GetSnapshot()[count - 1];
    }
}
