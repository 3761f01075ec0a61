using KinesisFlow.Coordination.Checkpointing;

namespace KinesisFlow.Consumer.Lifecycle;

/// <summary>
/// The shard task's state machine: which transitions are legal. The task moves only through <see cref="MoveTo"/>, so an
/// illegal move (say, Processing back to WaitingOnParents) is a bug caught at once instead of a silent reorder.
/// Thread-safe: the supervisor reads <see cref="State"/> and <see cref="StopReason"/> while the task runs.
/// </summary>
public sealed class ShardLifecycle
{
    private readonly Lock _gate = new();
    private ShardConsumerState _state = ShardConsumerState.WaitingOnParents;
    private ShardStopReason? _stopReason;

    public ShardConsumerState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>Why the shard is stopping, once it is (the first reason requested wins).</summary>
    public ShardStopReason? StopReason
    {
        get
        {
            lock (_gate)
            {
                return _stopReason;
            }
        }
    }

    /// <summary>Whether the machine may go from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static bool IsAllowed(ShardConsumerState from, ShardConsumerState to) => (from, to) switch
    {
        (ShardConsumerState.WaitingOnParents, ShardConsumerState.Initializing) => true,
        (ShardConsumerState.Initializing, ShardConsumerState.Processing) => true,
        // A shard already at SHARD_END, or stopped before it started reading, goes straight to shutting down.
        (ShardConsumerState.WaitingOnParents or ShardConsumerState.Initializing or ShardConsumerState.Processing, ShardConsumerState.ShuttingDown) => true,
        (ShardConsumerState.ShuttingDown, ShardConsumerState.Done) => true,
        _ => false,
    };

    public void MoveTo(ShardConsumerState next)
    {
        lock (_gate)
        {
            if (!IsAllowed(_state, next))
            {
                throw new InvalidOperationException($"A shard task cannot go from {_state} to {next}.");
            }

            _state = next;
        }
    }

    /// <summary>Records why the shard stops; returns false when a reason was already set (it keeps the first).</summary>
    public bool RequestStop(ShardStopReason reason)
    {
        lock (_gate)
        {
            if (_stopReason is not null)
            {
                // A lease lost during a graceful stop still forbids the checkpoint: the new owner holds the fencing token.
                if (reason == ShardStopReason.LeaseLost)
                {
                    _stopReason = reason;
                }

                return false;
            }

            _stopReason = reason;
            return true;
        }
    }
}
