using KinesisFlow.Coordination.Leases;
using KinesisFlow.TestKit.Simulation;
using Xunit.Abstractions;

namespace KinesisFlow.Leases.Tests.Simulation;

/// <summary>
/// The whole lease protocol, real coordinators on the in-memory table and fake time, answers 10 ms late and some
/// throttled: a fleet converges within 3 balance intervals of each change, and what it costs the table is measured
/// (the larger fleets are the benchmark's <c>lease-fleet</c> run; figures in docs/performance.md).
/// </summary>
[Collection(FleetSimulationCollection.Name)]
public sealed class LeaseFleetSimulationTests(ITestOutputHelper output)
{
    private static readonly LeaseOptions Options = new();
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(10);

    [Fact]
    public async Task Workers_joining_one_by_one_are_each_balanced_within_three_intervals_of_joining()
    {
        await using var fleet = await LeaseFleetSimulation.CreateAsync(64, Options, Latency);
        foreach (var worker in new[] { "worker-a", "worker-b", "worker-c", "worker-d" })
        {
            fleet.Start(worker);
            var took = await fleet.RunUntilAsync(() => fleet.Balanced(out _), 3 * Options.EffectiveBalanceInterval);
            fleet.Balanced(out var why);
            output.WriteLine($"{worker} joined: balanced after {took?.ToString() ?? "more than 3 intervals"} ({why})");
            Assert.True(took is not null, $"{worker}: not balanced within 3 balance intervals: {why}");
        }
    }

    [Fact]
    public async Task A_hundred_workers_started_at_once_on_4000_unowned_shards_are_balanced_within_three_intervals()
    {
        // Every worker counts the others in from their heartbeat items before it holds anything, so none races for
        // more than its share (without them each tried to take all 4,000, and the fleet needed 40 s).
        await using var fleet = await LeaseFleetSimulation.CreateAsync(4000, Options, Latency);
        for (var i = 0; i < 100; i++)
        {
            fleet.Start($"worker-{i:D3}");
        }

        var took = await fleet.RunUntilAsync(() => fleet.Balanced(out _), 3 * Options.EffectiveBalanceInterval);
        fleet.Balanced(out var why);
        output.WriteLine($"100 workers, 4,000 shards: balanced after {took?.ToString() ?? "more than 3 intervals"} ({why}); {fleet.Meter.Usage()}");
        Assert.True(took is not null, $"not balanced within 3 balance intervals of the start: {why}");
    }

    [Fact]
    public async Task A_killed_leaders_leases_are_processed_again_as_soon_as_a_killed_followers()
    {
        await using var fleet = await LeaseFleetSimulation.CreateAsync(64, Options, Latency);
        foreach (var worker in new[] { "worker-a", "worker-b", "worker-c", "worker-d" })
        {
            fleet.Start(worker);
        }

        Assert.NotNull(await fleet.RunUntilAsync(() => fleet.Balanced(out _) && fleet.Leader is not null, 3 * Options.EffectiveBalanceInterval));

        // A new leader judges the dead leader's leases by how long the leader item stood still: no extra duration.
        // (With every worker balancing for itself the same fleet needs 20.0 s in both cases; with a leader 19.8 and 20.1.)
        var bound = Options.LeaseDuration + (2 * Options.EffectiveBalanceInterval) + Options.EffectiveRenewInterval;
        foreach (var role in new[] { "leader", "follower" })
        {
            var victim = role == "leader" ? fleet.Leader! : fleet.Workers.First(worker => worker != fleet.Leader);
            await fleet.StopAsync(victim, graceful: false);
            var took = await fleet.RunUntilAsync(() => fleet.Balanced(out _), bound);
            fleet.Balanced(out var why);
            output.WriteLine($"{role} {victim} killed: every lease processed again after {took?.ToString() ?? $"more than {bound}"} ({why}); leader now {fleet.Leader}");
            Assert.True(took is not null, $"{role} killed: not balanced within {bound}: {why}");
            Assert.True(took > Options.LeaseDuration, $"{role} killed: its leases were taken after only {took}, before they could expire");
        }
    }

    [Fact]
    public async Task Two_workers_on_64_shards_balance_at_once_and_then_cost_the_table_a_steady_rate()
    {
        await using var fleet = await LeaseFleetSimulation.CreateAsync(64, Options, Latency, throttleRate: 0.01, seed: 7);
        fleet.Start("worker-a");
        fleet.Start("worker-b");
        var took = await fleet.RunUntilAsync(() => fleet.Balanced(out _), 3 * Options.EffectiveBalanceInterval);
        Assert.True(took is not null, $"not balanced within 3 balance intervals of the start: {(fleet.Balanced(out var unbalanced) ? "" : unbalanced)}");

        // Two minutes under a heavier throttle: a fleet that keeps its leases with one heartbeat per worker makes about a
        // hundred calls a minute, so at 5 % about ten of them are throttled (each simulated minute costs seconds).
        fleet.Meter.Reset();
        fleet.Meter.ThrottleRate = 0.05;
        await fleet.RunForAsync(TimeSpan.FromMinutes(2));
        var usage = fleet.Meter.Usage();
        output.WriteLine($"64 shards, 2 workers: balanced after {took}; then {usage}");

        Assert.True(fleet.Balanced(out var why), $"throttling unbalanced the fleet: {why}");
        // Whatever the protocol, a live fleet must keep writing (or its leases expire) and reading (to see changes).
        Assert.True(usage.ReadUnits > 0 && usage.WriteUnits > 0, usage.ToString());
        Assert.True(fleet.Meter.Throttled > 0, "no call was throttled");
    }
}
