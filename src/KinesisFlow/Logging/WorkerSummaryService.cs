using KinesisFlow.Cli.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KinesisFlow.Cli.Logging;

/// <summary>
/// Logs the worker's summary (event 102) every <see cref="SummarySettings.SummaryInterval"/> (a minute by default; off
/// at 00:00:00), what a KCL operator expects to see scroll by: shards held, records and events per second, bytes read,
/// dead letters, the oldest checkpoint's age and the highest shard lag.
/// </summary>
internal sealed partial class WorkerSummaryService(
    WorkerSummaryReader reader,
    IOptions<SummarySettings> settings,
    TimeProvider time,
    ILogger<WorkerSummaryService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = settings.Value.SummaryInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        reader.Take(); // the first summary covers its interval only, not the start-up before it
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var summary = reader.Take();
                LogSummary(
                    summary.WorkerIds,
                    summary.ShardsHeld,
                    summary.RecordsPerSecond,
                    summary.EventsPerSecond,
                    summary.Bytes,
                    summary.DeadLetters,
                    summary.Interval,
                    summary.OldestCheckpointAgeSeconds,
                    summary.MaxLagSeconds);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: no summary of a partial interval.
        }
    }

    [LoggerMessage(
        EventId = 102,
        EventName = "WorkerSummary",
        Level = LogLevel.Information,
        Message = "Worker {WorkerId}: {ShardsHeld} shards held; {RecordsPerSecond} records/s, {EventsPerSecond} events/s, {Bytes} bytes read, {DeadLetters} dead letters in the last {Interval}; oldest checkpoint {CheckpointAgeSeconds} s old, lag at most {LagSeconds} s")]
    private partial void LogSummary(
        string workerId, int shardsHeld, double recordsPerSecond, double eventsPerSecond, long bytes, long deadLetters, TimeSpan interval, double checkpointAgeSeconds, double lagSeconds);
}

/// <summary>Registers the periodic summary line with its setting.</summary>
internal static class WorkerSummaryServiceCollectionExtensions
{
    public static IServiceCollection AddWorkerSummary(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SummarySettings>(configuration.GetSection(SummarySettings.SectionName));
        services.AddSingleton(provider => new WorkerSummaryReader(
            provider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), provider.GetRequiredService<TimeProvider>()));
        services.AddHostedService<WorkerSummaryService>();
        return services;
    }
}
