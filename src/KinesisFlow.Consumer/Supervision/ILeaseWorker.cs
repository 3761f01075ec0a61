namespace KinesisFlow.Consumer.Supervision;

/// <summary>
/// This worker's side of lease coordination, as the host drives it: make sure the table exists at start-up, run the
/// renew / take / balance / shard-sync loop, and release every lease at the end of a graceful stop.
/// </summary>
public interface ILeaseWorker
{
    /// <summary>Checks that the lease table exists with the right key, creating it when configured to; throws with a clear message otherwise.</summary>
    Task EnsureTableAsync(CancellationToken cancellationToken);

    /// <summary>Runs the coordination loop until <paramref name="stopping"/> fires.</summary>
    Task RunAsync(CancellationToken stopping);

    /// <summary>
    /// A graceful stop began: take, steal and accept no more leases (the ones held are still renewed and checkpointed
    /// while the shard tasks drain). Called before the shard tasks are told to stop.
    /// </summary>
    void StopTaking();

    /// <summary>Lets go of every lease this worker holds, so peers take them at once instead of after expiry.</summary>
    Task ReleaseAllAsync(CancellationToken cancellationToken);
}
