using KinesisFlow.Consumer.Lifecycle;
using KinesisFlow.Coordination.Checkpointing;

namespace KinesisFlow.Consumer.Tests.Lifecycle;

public sealed class ShardLifecycleTests
{
    public static TheoryData<ShardConsumerState, ShardConsumerState> Allowed => new()
    {
        { ShardConsumerState.WaitingOnParents, ShardConsumerState.Initializing },
        { ShardConsumerState.WaitingOnParents, ShardConsumerState.ShuttingDown },
        { ShardConsumerState.Initializing, ShardConsumerState.Processing },
        { ShardConsumerState.Initializing, ShardConsumerState.ShuttingDown },
        { ShardConsumerState.Processing, ShardConsumerState.ShuttingDown },
        { ShardConsumerState.ShuttingDown, ShardConsumerState.Done },
    };

    [Fact]
    public void Exactly_the_documented_transitions_are_allowed()
    {
        var allowed = Allowed.Select(row => ((ShardConsumerState)row[0], (ShardConsumerState)row[1])).ToHashSet();
        foreach (var from in Enum.GetValues<ShardConsumerState>())
        {
            foreach (var to in Enum.GetValues<ShardConsumerState>())
            {
                Assert.Equal(allowed.Contains((from, to)), ShardLifecycle.IsAllowed(from, to));
            }
        }
    }

    [Fact]
    public void A_shard_task_walks_the_happy_path_and_refuses_to_go_back()
    {
        var lifecycle = new ShardLifecycle();
        Assert.Equal(ShardConsumerState.WaitingOnParents, lifecycle.State);
        lifecycle.MoveTo(ShardConsumerState.Initializing);
        lifecycle.MoveTo(ShardConsumerState.Processing);
        Assert.Throws<InvalidOperationException>(() => lifecycle.MoveTo(ShardConsumerState.WaitingOnParents));
        lifecycle.MoveTo(ShardConsumerState.ShuttingDown);
        lifecycle.MoveTo(ShardConsumerState.Done);
        Assert.Equal(ShardConsumerState.Done, lifecycle.State);
    }

    [Fact]
    public void The_first_stop_reason_wins()
    {
        var lifecycle = new ShardLifecycle();
        Assert.True(lifecycle.RequestStop(ShardStopReason.ShardEnded));
        Assert.False(lifecycle.RequestStop(ShardStopReason.ShutdownRequested));
        Assert.Equal(ShardStopReason.ShardEnded, lifecycle.StopReason);
    }

    [Fact]
    public void A_lease_lost_during_a_graceful_stop_still_forbids_the_checkpoint()
    {
        var lifecycle = new ShardLifecycle();
        lifecycle.RequestStop(ShardStopReason.ShutdownRequested);
        lifecycle.RequestStop(ShardStopReason.LeaseLost);
        Assert.Equal(ShardStopReason.LeaseLost, lifecycle.StopReason);
    }
}
