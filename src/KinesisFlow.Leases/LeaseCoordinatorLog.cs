using Microsoft.Extensions.Logging;

namespace KinesisFlow.Leases;

internal static partial class LeaseCoordinatorLog
{
    [LoggerMessage(701, LogLevel.Information, "Worker {WorkerId} took lease {LeaseKey} from {PreviousOwner}")]
    public static partial void Took(ILogger logger, string workerId, string leaseKey, string previousOwner);

    [LoggerMessage(713, LogLevel.Information, "Worker {WorkerId} took unowned lease {LeaseKey}")]
    public static partial void TookUnowned(ILogger logger, string workerId, string leaseKey);

    [LoggerMessage(702, LogLevel.Information, "Worker {WorkerId} asked {Owner} to hand over lease {LeaseKey}")]
    public static partial void HandoffRequested(ILogger logger, string workerId, string leaseKey, string? owner);

    [LoggerMessage(703, LogLevel.Information, "Worker {WorkerId} is handing lease {LeaseKey} over to {NewOwner}")]
    public static partial void HandingOff(ILogger logger, string workerId, string leaseKey, string? newOwner);

    [LoggerMessage(704, LogLevel.Warning, "Worker {WorkerId} lost lease {LeaseKey}")]
    public static partial void Lost(ILogger logger, string workerId, string leaseKey);

    [LoggerMessage(705, LogLevel.Information, "Worker {WorkerId} released lease {LeaseKey} ({Reason})")]
    public static partial void Released(ILogger logger, string workerId, string leaseKey, LeaseRevocation reason);

    [LoggerMessage(706, LogLevel.Warning, "Worker {WorkerId} could not write its heartbeat; its leases are lost if this lasts {LeaseDuration}")]
    public static partial void HeartbeatFailed(ILogger logger, Exception exception, string workerId, TimeSpan leaseDuration);

    [LoggerMessage(707, LogLevel.Error, "Worker {WorkerId}: lease {Cycle} cycle failed; retrying next interval")]
    public static partial void CycleFailed(ILogger logger, Exception exception, string workerId, string cycle);

    [LoggerMessage(708, LogLevel.Debug, "Worker {WorkerId} balanced: target {Target}, {LiveWorkers} live workers, {Take} to take, {Steal} to steal, {Handoff} handoffs, {Release} to release")]
    public static partial void Balanced(ILogger logger, string workerId, int target, int liveWorkers, int take, int steal, int handoff, int release);

    [LoggerMessage(709, LogLevel.Debug, "Worker {WorkerId} lost the race for lease {LeaseKey}")]
    public static partial void RaceLost(ILogger logger, string workerId, string leaseKey);

    [LoggerMessage(710, LogLevel.Information, "Worker {WorkerId} ended shard {LeaseKey}; children {Children}")]
    public static partial void ShardEnded(ILogger logger, string workerId, string leaseKey, string children);

    [LoggerMessage(711, LogLevel.Warning, "Worker {WorkerId} ended the stalled handoff of lease {LeaseKey} from {PreviousOwner}")]
    public static partial void StalledHandoffEnded(ILogger logger, string workerId, string leaseKey, string? previousOwner);

    [LoggerMessage(712, LogLevel.Information, "Worker {WorkerId} released lease {LeaseKey}, which a write cut off by stopping had taken")]
    public static partial void ReleasedInDoubt(ILogger logger, string workerId, string leaseKey);

    [LoggerMessage(714, LogLevel.Information, "Worker {WorkerId} is now the leader (previous leader: {PreviousLeader}): it alone scans the lease table and assigns leases")]
    public static partial void BecameLeader(ILogger logger, string workerId, string? previousLeader);

    [LoggerMessage(715, LogLevel.Warning, "Worker {WorkerId} is no longer the leader: another worker took the leadership over")]
    public static partial void LeadershipLost(ILogger logger, string workerId);

    [LoggerMessage(717, LogLevel.Information, "Worker {WorkerId} took up lease {LeaseKey}, which the leader assigned to it")]
    public static partial void TookAssigned(ILogger logger, string workerId, string leaseKey);

    [LoggerMessage(718, LogLevel.Debug, "Worker {WorkerId} handed lease {LeaseKey} over but could not signal {NewOwner}; it finds the lease at its next full look")]
    public static partial void HandoffSignalFailed(ILogger logger, Exception exception, string workerId, string leaseKey, string newOwner);

    [LoggerMessage(719, LogLevel.Information, "Leader {WorkerId} withdrew the handoff of lease {LeaseKey} to {StoppedWorker}, which stopped meanwhile: the lease is {PreviousOwner}'s again")]
    public static partial void HandoffWithdrawn(ILogger logger, string workerId, string leaseKey, string? stoppedWorker, string previousOwner);

    [LoggerMessage(716, LogLevel.Debug, "Leader {WorkerId} assigned {Assigned} of {Moves} leases to other workers ({Quotas} live workers)")]
    public static partial void Assigned(ILogger logger, string workerId, int assigned, int moves, int quotas);
}
