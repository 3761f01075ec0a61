using KinesisFlow.Consumer.Configuration;
using KinesisFlow.Consumer.Startup;
using KinesisFlow.Sinks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KinesisFlow.Consumer.Supervision;

/// <summary>
/// The consumer on the generic host. <see cref="StartAsync"/> runs the start-up checks (the host reports started only
/// after they pass; a failure stops the start), then runs the lease worker and the shard supervisor side by side.
/// A graceful stop (SIGTERM, Ctrl-C) first stops taking leases, then stops every shard (each drains and checkpoints)
/// while the leases held are still renewed, then stops the lease worker and releases the leases, all within the host's
/// shutdown timeout.
/// </summary>
internal sealed partial class ConsumerHostedService(
    StartupChecks checks,
    IOptions<KinesisFlowOptions> options,
    SinkSet sinks,
    FlowLogFormats formats,
    ILeaseWorker leases,
    ShardSupervisor supervisor,
    IHostApplicationLifetime lifetime,
    ILogger<ConsumerHostedService> logger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task? _running;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await checks.RunAsync(cancellationToken);
        _running = RunAsync(_stopping.Token);
        var summary = StartupSummary.Describe(options.Value, sinks, formats.Current);
        var workerId = WorkerIdentity.Resolve(options.Value.Leases);
        LogStarted(summary.Version, workerId, summary.StreamName, summary.Mode, summary.LeaseTable, summary.Sinks, summary.Formats);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_running is null)
        {
            return;
        }

        // First, so that no lease is taken while the shards drain: it would only be released again, or worse, left owned.
        leases.StopTaking();
        await _stopping.CancelAsync();
        await _running.WaitAsync(cancellationToken);
    }

    public void Dispose() => _stopping.Dispose();

    private async Task RunAsync(CancellationToken stopping)
    {
        using var leaseStop = new CancellationTokenSource();
        var leaseWorker = RunLeaseWorkerAsync(leaseStop.Token);
        try
        {
            await supervisor.RunAsync(stopping);
        }
        finally
        {
            await leaseStop.CancelAsync();
            await leaseWorker;
            try
            {
                await leases.ReleaseAllAsync(CancellationToken.None);
            }
            catch (Exception exception)
            {
                // Peers take the leases after they expire instead: slower, not wrong.
                LogReleaseFailed(exception);
            }
        }
    }

    private async Task RunLeaseWorkerAsync(CancellationToken stopping)
    {
        try
        {
            await leases.RunAsync(stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopped on purpose.
        }
        catch (Exception exception)
        {
            // Without lease coordination no shard may be processed safely: stop the whole host.
            LogLeaseWorkerFailed(exception);
            lifetime.StopApplication();
        }
    }

    [LoggerMessage(EventId = 211, Level = LogLevel.Information, Message = "KinesisFlow {Version} started: worker {WorkerId}, stream {StreamName}, {Mode}, lease table {LeaseTable}, sinks {Sinks}, formats {Formats}")]
    private partial void LogStarted(string version, string workerId, string streamName, string mode, string leaseTable, string sinks, string formats);

    [LoggerMessage(EventId = 212, Level = LogLevel.Critical, Message = "Lease coordination failed; stopping")]
    private partial void LogLeaseWorkerFailed(Exception exception);

    [LoggerMessage(EventId = 213, Level = LogLevel.Warning, Message = "Could not release the leases; peers will take them once they expire")]
    private partial void LogReleaseFailed(Exception exception);
}
