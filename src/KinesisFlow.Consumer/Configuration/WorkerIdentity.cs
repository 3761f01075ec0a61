using KinesisFlow.Coordination.Leases;

namespace KinesisFlow.Consumer.Configuration;

/// <summary>This worker's id in the lease table: the configured one, or host name and process id (unique per process, readable in <c>status</c>).</summary>
public static class WorkerIdentity
{
    public static string Resolve(LeaseOptions leases)
    {
        ArgumentNullException.ThrowIfNull(leases);
        return string.IsNullOrWhiteSpace(leases.WorkerId) ? $"{Environment.MachineName}-{Environment.ProcessId}" : leases.WorkerId;
    }
}
