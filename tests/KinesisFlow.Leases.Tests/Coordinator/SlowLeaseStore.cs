using KinesisFlow.Coordination.Lag;
using KinesisFlow.Coordination.Leases;

namespace KinesisFlow.Leases.Tests.Coordinator;

/// <summary>
/// A lease table whose answers arrive <c>latency</c> of simulated time after each call was applied, as DynamoDB's do
/// over a slow network: cancel a call while its answer is on the way and the write stays applied, unknown to the
/// caller. Every condition is the in-memory store's, which enforces the DynamoDB store's contract. The test moves the
/// clock one answer at a time (<see cref="AnswerNextAsync"/>), so nothing depends on how fast the machine is.
/// </summary>
internal sealed class SlowLeaseStore(ILeaseStore inner, Microsoft.Extensions.Time.Testing.FakeTimeProvider time, TimeSpan latency) : ILeaseStore
{
    private int _answersOnTheWay;

    public Task EnsureReadyAsync(CancellationToken cancellationToken) => inner.EnsureReadyAsync(cancellationToken);

    public Task<IReadOnlyList<Lease>> ListAsync(CancellationToken cancellationToken) => SlowAsync(inner.ListAsync(cancellationToken), cancellationToken);

    public Task<LeaseTableScan> ScanAsync(CancellationToken cancellationToken) => SlowAsync(inner.ScanAsync(cancellationToken), cancellationToken);

    public Task<IReadOnlyList<string>?> ListOwnedKeysAsync(string workerId, CancellationToken cancellationToken) =>
        SlowAsync(inner.ListOwnedKeysAsync(workerId, cancellationToken), cancellationToken);

    public Task<long> HeartbeatAsync(string workerId, LagReport? lags, CancellationToken cancellationToken) => SlowAsync(inner.HeartbeatAsync(workerId, lags, cancellationToken), cancellationToken);

    public Task SignalHandoffCompletedAsync(string newOwner, CancellationToken cancellationToken) => SlowAsync(Done(inner.SignalHandoffCompletedAsync(newOwner, cancellationToken)), cancellationToken);

    public Task<long> ReadHandoffSignalAsync(string workerId, CancellationToken cancellationToken) => SlowAsync(inner.ReadHandoffSignalAsync(workerId, cancellationToken), cancellationToken);

    public Task<LeaderLease?> ReadLeaderAsync(CancellationToken cancellationToken) => SlowAsync(inner.ReadLeaderAsync(cancellationToken), cancellationToken);

    public Task<bool> WriteLeaderAsync(LeaderLease? seen, LeaderLease next, CancellationToken cancellationToken) => SlowAsync(inner.WriteLeaderAsync(seen, next, cancellationToken), cancellationToken);

    public Task<bool> DeleteLeaderAsync(LeaderLease seen, CancellationToken cancellationToken) => SlowAsync(inner.DeleteLeaderAsync(seen, cancellationToken), cancellationToken);

    public Task DeleteHeartbeatAsync(string workerId, CancellationToken cancellationToken) => SlowAsync(Done(inner.DeleteHeartbeatAsync(workerId, cancellationToken)), cancellationToken);

    public Task<bool> HasHeartbeatAsync(string workerId, CancellationToken cancellationToken) => SlowAsync(inner.HasHeartbeatAsync(workerId, cancellationToken), cancellationToken);

    public Task<Lease?> GetAsync(string leaseKey, CancellationToken cancellationToken) => SlowAsync(inner.GetAsync(leaseKey, cancellationToken), cancellationToken);

    public Task<bool> CreateIfAbsentAsync(Lease lease, CancellationToken cancellationToken) => SlowAsync(inner.CreateIfAbsentAsync(lease, cancellationToken), cancellationToken);

    public Task<bool> RenewAsync(Lease seen, CancellationToken cancellationToken) => SlowAsync(inner.RenewAsync(seen, cancellationToken), cancellationToken);

    public Task<bool> TakeAsync(Lease seen, string newOwner, CancellationToken cancellationToken) => SlowAsync(inner.TakeAsync(seen, newOwner, cancellationToken), cancellationToken);

    public Task<bool> ReleaseAsync(Lease seen, CancellationToken cancellationToken) => SlowAsync(inner.ReleaseAsync(seen, cancellationToken), cancellationToken);

    public Task<bool> CheckpointAsync(Lease seen, ExtendedSequenceNumber checkpoint, IReadOnlyCollection<string>? childShardIds, CancellationToken cancellationToken) =>
        SlowAsync(inner.CheckpointAsync(seen, checkpoint, childShardIds, cancellationToken), cancellationToken);

    public Task<bool> RequestHandoffAsync(Lease seen, string newOwner, CancellationToken cancellationToken) => SlowAsync(inner.RequestHandoffAsync(seen, newOwner, cancellationToken), cancellationToken);

    public Task<bool> CompleteHandoffAsync(Lease seen, CancellationToken cancellationToken) => SlowAsync(inner.CompleteHandoffAsync(seen, cancellationToken), cancellationToken);

    public Task<bool> DeleteAsync(Lease seen, CancellationToken cancellationToken) => SlowAsync(inner.DeleteAsync(seen, cancellationToken), cancellationToken);

    /// <summary>
    /// Waits (real time, generous) until a call's answer is on the way, then moves the clock so that it arrives. Only
    /// for callers that make one call at a time (a coordinator driven cycle by cycle, without its loops).
    /// </summary>
    public async Task AnswerNextAsync()
    {
        await KinesisFlow.TestKit.Eventually.WaitUntilAsync(() => Volatile.Read(ref _answersOnTheWay) > 0, TimeSpan.FromSeconds(30), "a call to the lease table");
        Interlocked.Decrement(ref _answersOnTheWay);
        time.Advance(latency);
    }

    private static async Task<bool> Done(Task applied)
    {
        await applied;
        return true;
    }

    private async Task<T> SlowAsync<T>(Task<T> applied, CancellationToken cancellationToken)
    {
        var answer = await applied;
        Interlocked.Increment(ref _answersOnTheWay);
        try
        {
            await Task.Delay(latency, time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The caller gave up waiting; the write, if any, stays applied.
            Interlocked.Decrement(ref _answersOnTheWay);
            throw;
        }

        return answer;
    }
}
