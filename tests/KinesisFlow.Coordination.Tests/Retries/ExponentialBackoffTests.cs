using System.Numerics;
using CsCheck;
using KinesisFlow.Coordination.Retries;

namespace KinesisFlow.Coordination.Tests.Retries;

public sealed class ExponentialBackoffTests
{
    // The largest double below 1: the top of what Random.NextDouble returns.
    private static readonly double TopDraw = Math.BitDecrement(1.0);

    [Theory]
    [InlineData(1, 100)]
    [InlineData(2, 200)]
    [InlineData(3, 400)]
    [InlineData(4, 800)]
    [InlineData(5, 1000)]
    [InlineData(6, 1000)]
    [InlineData(1000, 1000)]
    public void The_ceiling_doubles_per_failure_up_to_the_cap(int failures, int ceilingMs)
    {
        var backoff = new ExponentialBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.FromMilliseconds(ceilingMs), backoff.CeilingAfter(failures));
    }

    [Fact]
    public void The_draw_scales_the_ceiling_from_zero_to_just_below_it()
    {
        var backoff = new ExponentialBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        Assert.Equal(TimeSpan.Zero, backoff.DelayAfter(3, 0.0));
        Assert.Equal(TimeSpan.FromSeconds(1), backoff.DelayAfter(3, 0.25));
        Assert.Equal(TimeSpan.FromSeconds(2), backoff.DelayAfter(3, 0.5));
        Assert.Equal(TimeSpan.FromTicks(TimeSpan.FromSeconds(4).Ticks - 1), backoff.DelayAfter(3, TopDraw));
        Assert.Equal(TimeSpan.FromSeconds(15), backoff.DelayAfter(99, 0.5));
    }

    [Fact]
    public void Huge_failure_counts_stay_at_the_cap_without_overflowing()
    {
        var backoff = new ExponentialBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(20));
        foreach (var failures in new[] { 31, 32, 62, 63, 64, 65, 127, 128, int.MaxValue - 1, int.MaxValue })
        {
            Assert.Equal(TimeSpan.FromSeconds(20), backoff.CeilingAfter(failures));
            Assert.InRange(backoff.DelayAfter(failures, TopDraw), TimeSpan.FromSeconds(19.99), TimeSpan.FromSeconds(20) - TimeSpan.FromTicks(1));
        }
    }

    [Fact]
    public void The_largest_spans_neither_overflow_nor_reach_the_cap_with_a_draw_below_one()
    {
        var oneTick = new ExponentialBackoff(TimeSpan.FromTicks(1), TimeSpan.MaxValue);
        Assert.Equal(TimeSpan.FromTicks(1L << 62), oneTick.CeilingAfter(63));
        Assert.Equal(TimeSpan.MaxValue, oneTick.CeilingAfter(64));
        Assert.Equal(TimeSpan.MaxValue, oneTick.CeilingAfter(int.MaxValue));

        var widest = new ExponentialBackoff(TimeSpan.MaxValue, TimeSpan.MaxValue);
        Assert.Equal(TimeSpan.MaxValue, widest.CeilingAfter(1));
        var delay = widest.DelayAfter(int.MaxValue, TopDraw);
        Assert.InRange(delay, TimeSpan.Zero, TimeSpan.MaxValue - TimeSpan.FromTicks(1));
    }

    [Fact]
    public void A_zero_initial_wait_retries_at_once_every_time()
    {
        var backoff = new ExponentialBackoff(TimeSpan.Zero, TimeSpan.FromSeconds(5));
        Assert.Equal(TimeSpan.Zero, backoff.CeilingAfter(1));
        Assert.Equal(TimeSpan.Zero, backoff.CeilingAfter(int.MaxValue));
        Assert.Equal(TimeSpan.Zero, backoff.DelayAfter(40, TopDraw));
        Assert.Equal(TimeSpan.Zero, new ExponentialBackoff(TimeSpan.Zero, TimeSpan.Zero).DelayAfter(7, 0.5));
    }

    [Fact]
    public void A_cap_equal_to_the_initial_wait_is_a_jittered_constant()
    {
        var backoff = new ExponentialBackoff(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2));
        Assert.Equal(TimeSpan.FromSeconds(2), backoff.CeilingAfter(1));
        Assert.Equal(TimeSpan.FromSeconds(2), backoff.CeilingAfter(50));
        Assert.Equal(TimeSpan.FromSeconds(1), backoff.DelayAfter(50, 0.5));
    }

    [Fact]
    public void The_same_seed_gives_the_same_waits()
    {
        var backoff = new ExponentialBackoff(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(10));
        var first = Enumerable.Range(1, 20).Select(n => backoff.DelayAfter(n, new Random(7 + n).NextDouble())).ToList();
        var second = Enumerable.Range(1, 20).Select(n => backoff.DelayAfter(n, new Random(7 + n).NextDouble())).ToList();
        Assert.Equal(first, second);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void Failure_counts_start_at_one(int failures)
    {
        var backoff = new ExponentialBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => backoff.CeilingAfter(failures));
        Assert.Throws<ArgumentOutOfRangeException>(() => backoff.DelayAfter(failures, 0.5));
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(1.5)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Draws_outside_zero_to_one_are_refused(double draw)
    {
        var backoff = new ExponentialBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => backoff.DelayAfter(1, draw));
    }

    [Fact]
    public void A_negative_initial_wait_or_a_cap_below_it_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialBackoff(TimeSpan.FromTicks(-1), TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialBackoff(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)));
    }

    // Spans and counts from every scale: small ones where doubling matters, huge ones where the cap and overflow do.
    private static readonly Gen<long> Ticks = Gen.OneOf(Gen.Long[0, 1000], Gen.Long[0, 1L << 40], Gen.Long[0, long.MaxValue]);
    private static readonly Gen<int> Failures = Gen.OneOf(Gen.Int[1, 70], Gen.Int[1, int.MaxValue]);

    [Fact]
    public void The_ceiling_is_min_of_cap_and_initial_times_two_to_the_failures_less_one()
    {
        // Oracle in arbitrary precision.
        Gen.Select(Ticks, Ticks, Failures).Sample((a, b, failures) =>
        {
            var (initial, max) = (Math.Min(a, b), Math.Max(a, b));
            var backoff = new ExponentialBackoff(TimeSpan.FromTicks(initial), TimeSpan.FromTicks(max));
            var exact = BigInteger.Min(max, initial * BigInteger.Pow(2, Math.Min(failures - 1, 64)));
            Assert.Equal((long)exact, backoff.CeilingAfter(failures).Ticks);
        });
    }

    [Fact]
    public void Every_wait_lies_below_its_ceiling_and_ceilings_never_shrink()
    {
        Gen.Select(Ticks, Ticks, Failures, Gen.Double[0, 1]).Sample((a, b, failures, d) =>
        {
            var (initial, max) = (Math.Min(a, b), Math.Max(a, b));
            var draw = Math.Min(d, TopDraw);
            var backoff = new ExponentialBackoff(TimeSpan.FromTicks(initial), TimeSpan.FromTicks(max));
            var ceiling = backoff.CeilingAfter(failures);
            var delay = backoff.DelayAfter(failures, draw);
            Assert.True(delay >= TimeSpan.Zero);
            Assert.True(ceiling == TimeSpan.Zero ? delay == TimeSpan.Zero : delay < ceiling);
            Assert.True(ceiling <= backoff.Max);
            Assert.True(failures == int.MaxValue || backoff.CeilingAfter(failures + 1) >= ceiling);
        });
    }

    [Fact]
    public void Many_draws_spread_over_the_whole_range()
    {
        // Full jitter: waits cover [0, ceiling) rather than bunching near the ceiling (equal jitter) or one value.
        var backoff = new ExponentialBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8));
        var random = new Random(12345);
        var quarters = new int[4];
        for (var i = 0; i < 4000; i++)
        {
            var delay = backoff.DelayAfter(4, random.NextDouble());
            quarters[(int)(delay.Ticks * 4 / TimeSpan.FromSeconds(8).Ticks)]++;
        }

        Assert.All(quarters, count => Assert.InRange(count, 800, 1200));
    }
}
