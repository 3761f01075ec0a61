using KinesisFlow.Consumer.Startup;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

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
        LogStarted();
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

    [LoggerMessage(Level = LogLevel.Information, Message = "KinesisFlow consumer started")]
    private partial void LogStarted();

    [LoggerMessage(Level = LogLevel.Critical, Message = "Lease coordination failed; stopping")]
    private partial void LogLeaseWorkerFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release the leases; peers will take them once they expire")]
    private partial void LogReleaseFailed(Exception exception);
}
