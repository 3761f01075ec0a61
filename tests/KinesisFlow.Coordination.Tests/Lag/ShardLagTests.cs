using KinesisFlow.Coordination.Lag;
using Microsoft.Extensions.Time.Testing;

namespace KinesisFlow.Coordination.Tests.Lag;

public sealed class ShardLagTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-03-01T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void A_stuck_sink_makes_the_lag_grow_with_the_clock_while_behind_latest_stays_frozen_at_zero()
    {
        // The reader caught up (MillisBehindLatest 0), then a sink stopped answering: backpressure stops every read, so
        // nothing new is reported. The lag comes from the clock alone.
        var time = new FakeTimeProvider(Start);
        var waiting = new UnacknowledgedArrivals();
        waiting.Read(time.GetUtcNow() - TimeSpan.FromMilliseconds(300));
        waiting.Read(time.GetUtcNow());

        var observed = new List<TimeSpan>();
        for (var second = 0; second < 5; second++)
        {
            var lag = ShardLag.At(time.GetUtcNow(), millisBehindLatest: 0, waiting.Oldest);
            Assert.Equal(TimeSpan.Zero, lag.BehindLatest);
            observed.Add(lag.Lag);
            time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal([300, 1300, 2300, 3300, 4300], observed.Select(lag => (int)lag.TotalMilliseconds));
    }

    [Fact]
    public void The_lag_is_the_larger_of_behind_latest_and_the_oldest_unacknowledged_age()
    {
        var now = Start;
        Assert.Equal(TimeSpan.FromSeconds(90), ShardLag.At(now, 90_000, now - TimeSpan.FromSeconds(4)).Lag);
        Assert.Equal(TimeSpan.FromSeconds(4), ShardLag.At(now, 1_000, now - TimeSpan.FromSeconds(4)).Lag);

        var nothingWaits = ShardLag.At(now, 2_500, oldestUnacknowledgedArrival: null);
        Assert.Equal((TimeSpan.FromMilliseconds(2_500), TimeSpan.Zero, TimeSpan.FromMilliseconds(2_500)), (nothingWaits.BehindLatest, nothingWaits.OldestUnacknowledgedAge, nothingWaits.Lag));
    }

    [Fact]
    public void Before_the_first_read_only_waiting_records_count()
    {
        var lag = ShardLag.At(Start, millisBehindLatest: null, Start - TimeSpan.FromSeconds(7));
        Assert.Null(lag.BehindLatest);
        Assert.Equal(TimeSpan.FromSeconds(7), lag.Lag);
        Assert.Equal(TimeSpan.Zero, ShardLag.At(Start, null, null).Lag);
    }

    [Fact]
    public void An_arrival_time_ahead_of_this_host_s_clock_is_never_a_negative_age()
    {
        var lag = ShardLag.At(Start, 0, Start + TimeSpan.FromSeconds(2));
        Assert.Equal(TimeSpan.Zero, lag.OldestUnacknowledgedAge);
        Assert.Equal(TimeSpan.Zero, lag.Lag);
    }
}
