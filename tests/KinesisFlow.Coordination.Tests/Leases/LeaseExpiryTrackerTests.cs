using KinesisFlow.Coordination.Leases;
using Microsoft.Extensions.Time.Testing;
using static KinesisFlow.Coordination.Tests.Leases.LeaseBuilder;

namespace KinesisFlow.Coordination.Tests.Leases;

public sealed class LeaseExpiryTrackerTests
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(10);

    [Fact]
    public void An_owned_lease_first_seen_gets_a_full_duration_from_that_moment()
    {
        var time = new FakeTimeProvider();
        var tracker = new LeaseExpiryTracker(time, Duration);
        time.Advance(TimeSpan.FromHours(1));
        var lease = Owned("s", "other");

        tracker.Observe([lease]);
        time.Advance(Duration);
        Assert.False(tracker.IsExpired(lease));

        time.Advance(TimeSpan.FromTicks(1));
        Assert.True(tracker.IsExpired(lease));
    }

    [Fact]
    public void Any_counter_change_restarts_the_clock()
    {
        var time = new FakeTimeProvider();
        var tracker = new LeaseExpiryTracker(time, Duration);
        var lease = Owned("s", "other", counter: 1);
        tracker.Observe([lease]);

        time.Advance(TimeSpan.FromSeconds(9));
        var renewed = lease.Renewed();
        tracker.Observe([renewed]);
        time.Advance(TimeSpan.FromSeconds(9));
        tracker.Observe([renewed]);

        Assert.False(tracker.IsExpired(renewed));
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.True(tracker.IsExpired(renewed));
    }

    [Fact]
    public void Wall_clock_jumps_change_nothing()
    {
        var time = new WallClockOnly();
        var tracker = new LeaseExpiryTracker(time, Duration);
        var lease = Owned("s", "other");
        tracker.Observe([lease]);

        time.Now = time.Now.AddDays(3);

        Assert.False(tracker.IsExpired(lease));
    }

    [Fact]
    public void Unowned_leases_never_expire_and_forgotten_leases_start_over()
    {
        var time = new FakeTimeProvider();
        var tracker = new LeaseExpiryTracker(time, Duration);
        var unowned = Owned("u", null);
        var owned = Owned("o", "other");
        tracker.Observe([unowned, owned]);
        time.Advance(Duration * 2);

        Assert.False(tracker.IsExpired(unowned));
        tracker.Observe([unowned]);
        tracker.Observe([unowned, owned]);
        Assert.False(tracker.IsExpired(owned));
        Assert.Equal(2, tracker.Observations.Count);
    }

    [Fact]
    public void A_handoff_is_timed_from_when_it_was_first_seen()
    {
        var time = new FakeTimeProvider();
        var tracker = new LeaseExpiryTracker(time, Duration);
        var lease = Owned("s", "new");
        tracker.Observe([lease]);
        time.Advance(TimeSpan.FromSeconds(3));

        tracker.Observe([lease with { CheckpointOwner = "old" }]);
        time.Advance(TimeSpan.FromSeconds(4));
        tracker.Observe([lease with { CheckpointOwner = "old", LeaseCounter = 5 }]);

        Assert.Equal(TimeSpan.FromSeconds(3), tracker.Observations["s"].HandoffSeenAt);
        Assert.Equal(TimeSpan.FromSeconds(7), tracker.Observations["s"].CounterChangedAt);
    }

    /// <summary>A clock whose wall time jumps while its monotonic timestamp stands still.</summary>
    private sealed class WallClockOnly : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = DateTimeOffset.UnixEpoch;

        public override DateTimeOffset GetUtcNow() => Now;

        public override long GetTimestamp() => 42;
    }
}
