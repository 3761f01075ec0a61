namespace KinesisFlow.Consumer.Configuration;

/// <summary>Section <c>Supervisor</c>: how shard tasks follow the leases this worker owns.</summary>
public sealed class SupervisorOptions
{
    /// <summary>How often running shard tasks are reconciled with owned leases.</summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>First wait before restarting a faulted shard task; doubled per fault in a row.</summary>
    public TimeSpan RestartBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Cap of the restart backoff.</summary>
    public TimeSpan MaxRestartBackoff { get; set; } = TimeSpan.FromMinutes(1);
}
