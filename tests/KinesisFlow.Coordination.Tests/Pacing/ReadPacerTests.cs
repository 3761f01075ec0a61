using CsCheck;
using KinesisFlow.Coordination.Pacing;

namespace KinesisFlow.Coordination.Tests.Pacing;

public sealed class ReadPacerTests
{
    private static readonly ReadBudget Kinesis = new();

    [Fact]
    public void A_new_shard_may_be_read_at_once()
    {
        var pacer = new ReadPacer(Kinesis);
        Assert.Equal(TimeSpan.Zero, pacer.DelayBeforeNextRead(TimeSpan.Zero));
    }

    [Fact]
    public void Small_reads_are_spaced_a_fifth_of_a_second_apart()
    {
        var pacer = new ReadPacer(Kinesis);
        pacer.OnReadStarted(TimeSpan.Zero);
        pacer.OnReadCompleted(TimeSpan.FromMilliseconds(20), bytes: 1000, caughtUp: false);
        Assert.Equal(TimeSpan.FromMilliseconds(200), pacer.NextReadAt);
        Assert.Equal(TimeSpan.FromMilliseconds(150), pacer.DelayBeforeNextRead(TimeSpan.FromMilliseconds(50)));
    }

    [Fact]
    public void A_large_answer_books_the_byte_budget_for_as_long_as_it_takes_to_earn()
    {
        var pacer = new ReadPacer(Kinesis);
        pacer.OnReadStarted(TimeSpan.Zero);
        // 10 MB at 2 MB/s: Kinesis throttles the next 5 s, so the pacer waits them out.
        pacer.OnReadCompleted(TimeSpan.Zero, bytes: 5 * ReadBudget.KinesisBytesPerSecond, caughtUp: false);
        Assert.Equal(TimeSpan.FromSeconds(5), pacer.NextReadAt);
    }

    [Fact]
    public void A_caught_up_shard_waits_the_idle_delay_from_the_answer()
    {
        var pacer = new ReadPacer(Kinesis with { IdleDelay = TimeSpan.FromMilliseconds(750) });
        pacer.OnReadStarted(TimeSpan.FromSeconds(1));
        pacer.OnReadCompleted(TimeSpan.FromSeconds(1.1), bytes: 0, caughtUp: true);
        Assert.Equal(TimeSpan.FromSeconds(1.85), pacer.NextReadAt);

        pacer.OnReadStarted(TimeSpan.FromSeconds(1.85));
        pacer.OnReadCompleted(TimeSpan.FromSeconds(1.9), bytes: 10, caughtUp: false);
        Assert.Equal(TimeSpan.FromSeconds(2.05), pacer.NextReadAt);
    }

    [Fact]
    public void Throttles_back_off_exponentially_up_to_the_cap_and_reset_on_success()
    {
        // The draw fixed at one half: each wait is half its ceiling (1, 2, 4, 5, 5 s).
        var pacer = new ReadPacer(Kinesis with { ThrottleBackoff = TimeSpan.FromSeconds(1), MaxThrottleBackoff = TimeSpan.FromSeconds(5) }, () => 0.5);
        var now = TimeSpan.Zero;
        var expected = new[] { 0.5, 1, 2, 2.5, 2.5 };
        foreach (var seconds in expected)
        {
            pacer.OnReadStarted(now);
            pacer.OnThrottled(now);
            Assert.Equal(now + TimeSpan.FromSeconds(seconds), pacer.NextReadAt);
            now = pacer.NextReadAt;
        }

        Assert.Equal(5, pacer.ThrottlesInARow);
        pacer.OnReadStarted(now);
        pacer.OnReadCompleted(now, 0, caughtUp: false);
        Assert.Equal(0, pacer.ThrottlesInARow);
        Assert.Equal(now + TimeSpan.FromMilliseconds(200), pacer.NextReadAt);
        pacer.OnThrottled(now);
        Assert.Equal(now + TimeSpan.FromSeconds(0.5), pacer.NextReadAt);
    }

    [Fact]
    public void A_throttled_read_may_come_back_sooner_than_the_next_call_slot_but_never_later_than_the_ceiling()
    {
        var budget = Kinesis with { ThrottleBackoff = TimeSpan.FromSeconds(1), MaxThrottleBackoff = TimeSpan.FromSeconds(8) };
        var lowest = new ReadPacer(budget, () => 0);
        var highest = new ReadPacer(budget, () => Math.BitDecrement(1.0));
        for (var throttles = 1; throttles <= 6; throttles++)
        {
            lowest.OnReadStarted(TimeSpan.Zero);
            lowest.OnThrottled(TimeSpan.Zero);
            highest.OnThrottled(TimeSpan.Zero);
        }

        // A zero draw leaves only the call gate; the top draw waits just under the 8 s cap.
        Assert.Equal(TimeSpan.FromMilliseconds(200), lowest.NextReadAt);
        Assert.Equal(TimeSpan.FromSeconds(8) - TimeSpan.FromTicks(1), highest.NextReadAt);
    }

    [Fact]
    public void A_lower_budget_for_a_shared_shard_is_honoured()
    {
        var pacer = new ReadPacer(Kinesis with { MaxReadsPerSecond = 2.5, MaxBytesPerSecond = 1024 * 1024 });
        pacer.OnReadStarted(TimeSpan.Zero);
        pacer.OnReadCompleted(TimeSpan.Zero, bytes: 1024 * 1024, caughtUp: false);
        Assert.Equal(TimeSpan.FromSeconds(1), pacer.NextReadAt);
        pacer.OnReadStarted(TimeSpan.FromSeconds(1));
        pacer.OnReadCompleted(TimeSpan.FromSeconds(1), bytes: 0, caughtUp: false);
        Assert.Equal(TimeSpan.FromSeconds(1.4), pacer.NextReadAt);
    }

    [Theory]
    [InlineData(0, 2097152, 1, 500, 30000, "MaxReadsPerSecond")]
    [InlineData(6, 2097152, 1, 500, 30000, "MaxReadsPerSecond")]
    [InlineData(5, 0, 1, 500, 30000, "MaxBytesPerSecond")]
    [InlineData(5, 3000000, 1, 500, 30000, "MaxBytesPerSecond")]
    [InlineData(5, 2097152, -1, 500, 30000, "IdleDelay")]
    [InlineData(5, 2097152, 61, 500, 30000, "IdleDelay")]
    [InlineData(5, 2097152, 1, 0, 30000, "ThrottleBackoff")]
    [InlineData(5, 2097152, 1, 500, 100, "MaxThrottleBackoff")]
    public void A_bad_budget_is_rejected_naming_the_setting(double reads, long bytes, int idleSeconds, int backoffMs, int maxBackoffMs, string setting)
    {
        var budget = new ReadBudget
        {
            MaxReadsPerSecond = reads,
            MaxBytesPerSecond = bytes,
            IdleDelay = TimeSpan.FromSeconds(idleSeconds),
            ThrottleBackoff = TimeSpan.FromMilliseconds(backoffMs),
            MaxThrottleBackoff = TimeSpan.FromMilliseconds(maxBackoffMs),
        };
        var error = Assert.Single(budget.Validate());
        Assert.StartsWith(setting + " ", error, StringComparison.Ordinal);
        Assert.Contains(setting, Assert.Throws<ArgumentException>(() => new ReadPacer(budget)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_budget_is_valid() => Assert.Empty(Kinesis.Validate());

    /// <summary>One GetRecords outcome in a simulated run: how long it took, what came back.</summary>
    private sealed record Outcome(int LatencyMs, long Bytes, bool CaughtUp, bool Throttled, int CallerLateMs);

    private static readonly Gen<Outcome> Outcomes = Gen.Select(
        Gen.Int[0, 400],
        Gen.Frequency((3, Gen.Long[0, 100_000]), (2, Gen.Long[0, 4 * 1024 * 1024]), (1, Gen.Long[0, 10 * 1024 * 1024])),
        Gen.Bool,
        Gen.Frequency((8, Gen.Const(false)), (1, Gen.Const(true))),
        Gen.Frequency((3, Gen.Const(0)), (1, Gen.Int[0, 300])),
        (latency, bytes, caughtUp, throttled, late) => new Outcome(latency, bytes, caughtUp, throttled, late));

    [Fact]
    public void Any_run_that_obeys_the_pacer_stays_within_the_call_and_byte_budget()
    {
        Gen.Select(Outcomes.Array[1, 200], Gen.Int[1, 5], Gen.Long[256 * 1024, ReadBudget.KinesisBytesPerSecond])
            .Sample((outcomes, readsPerSecond, bytesPerSecond) =>
            {
                var budget = new ReadBudget { MaxReadsPerSecond = readsPerSecond, MaxBytesPerSecond = bytesPerSecond };
                var pacer = new ReadPacer(budget);
                var starts = new List<(TimeSpan At, long Bytes)>();
                var now = TimeSpan.Zero;
                foreach (var outcome in outcomes)
                {
                    now += pacer.DelayBeforeNextRead(now) + TimeSpan.FromMilliseconds(outcome.CallerLateMs);
                    pacer.OnReadStarted(now);
                    var end = now + TimeSpan.FromMilliseconds(outcome.LatencyMs);
                    if (outcome.Throttled)
                    {
                        pacer.OnThrottled(end);
                        starts.Add((now, 0));
                    }
                    else
                    {
                        pacer.OnReadCompleted(end, outcome.Bytes, outcome.CaughtUp);
                        starts.Add((now, outcome.Bytes));
                    }

                    Assert.True(pacer.NextReadAt >= now + TimeSpan.FromSeconds(1.0 / readsPerSecond) - TimeSpan.FromTicks(1));
                    if (outcome.CaughtUp && !outcome.Throttled)
                    {
                        Assert.True(pacer.NextReadAt >= end + budget.IdleDelay);
                    }

                    now = end;
                }

                AssertWithinBudget(starts, readsPerSecond, bytesPerSecond);
            }, iter: 300, seed: "0N0XIzNsQ0O2");
    }

    /// <summary>
    /// Every one-second window holds at most the allowed calls, and the bytes of reads started within any window of
    /// length W, except the window's last read (whose cost is paid after it), fit in W of byte budget.
    /// </summary>
    private static void AssertWithinBudget(List<(TimeSpan At, long Bytes)> starts, int readsPerSecond, long bytesPerSecond)
    {
        for (var i = 0; i < starts.Count; i++)
        {
            var calls = 0;
            long bytes = 0;
            for (var j = i; j < starts.Count && starts[j].At - starts[i].At < TimeSpan.FromSeconds(1); j++)
            {
                calls++;
            }

            Assert.True(calls <= readsPerSecond, $"{calls} calls within one second from read {i}");
            for (var j = i; j < starts.Count; j++)
            {
                var window = (starts[j].At - starts[i].At).TotalSeconds;
                Assert.True(bytes <= (bytesPerSecond * window) + 1, $"{bytes} bytes read in {window} s from read {i}");
                bytes += starts[j].Bytes;
            }
        }
    }
}
