namespace KinesisFlow.Consumer.Configuration;

/// <summary>Section <c>Supervisor</c>: how shard tasks follow the leases this worker owns.</summary>
public sealed class SupervisorOptions
{
    /// <summary>How often running shard tasks are reconciled with owned leases.</summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Ceiling of the wait before restarting a faulted shard task, doubled per fault in a row; the wait is drawn
    /// below it (full jitter).
    /// </summary>
    public TimeSpan RestartBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Cap of the restart backoff's ceiling.</summary>
    public TimeSpan MaxRestartBackoff { get; set; } = TimeSpan.FromMinutes(1);
}
