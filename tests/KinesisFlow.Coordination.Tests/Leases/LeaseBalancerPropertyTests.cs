using CsCheck;
using KinesisFlow.Coordination.Leases;

namespace KinesisFlow.Coordination.Tests.Leases;

/// <summary>
/// Generated fleets of 8 to 4,000 leases and 2 to 100 workers, from any start (one worker holding everything, a random
/// spread with dead owners, unowned leases and handoffs under way), through any change (workers joining all at once or
/// one by one, leaving gracefully or abruptly): the pure balancer iterated over a simulated table converges in at most
/// three cycles, moves every lease at most once, makes exactly the fewest moves any plan could, and then stays still.
/// </summary>
public sealed class LeaseBalancerPropertyTests
{
    private const int MaxCycles = 3;

    private static readonly Gen<Scenario> Scenarios =
        from leases in Gen.Int[8, 4000]
        from workers in Gen.Int[2, 100]
        from start in Gen.Enum<StartState>()
        from before in Gen.Int[1, 100]
        from leaving in Gen.Int[0, 100]
        from graceful in Gen.Bool
        from oneByOne in Gen.Int[0, 6]
        from seed in Gen.Int
        select new Scenario(leases, Math.Min(before, workers), workers, start, leaving, graceful, oneByOne, seed);

    public enum StartState
    {
        /// <summary>The first worker holds every lease.</summary>
        OneHoldsAll,

        /// <summary>The workers there before hold a balanced share each.</summary>
        Balanced,

        /// <summary>Leases spread at random over live and dead workers and nobody, some handed over.</summary>
        Random,
    }

    /// <summary>
    /// With heartbeats every worker knows the live ones, so all the changes may come at once. Without, a worker holding
    /// nothing is invisible to its peers (today's table): newcomers come one at a time (<see cref="Newcomers_nobody_knows_of_converge_one_at_a_time"/>).
    /// </summary>
    [Fact]
    public void Any_fleet_any_change_converges_within_three_cycles_moving_each_lease_at_most_once_and_as_few_as_possible()
    {
        // A fixed seed: the same scenarios on every run, each carrying the seed of its own randomness.
        var source = new PCG(16, 20261206);
        for (var iteration = 0; iteration < 20; iteration++)
        {
            var scenario = Scenarios.Generate(source, null!, out _);
            Run(scenario, $"scenario {iteration} {scenario}", () => ChangeAtOnce(scenario));
        }
    }

    /// <summary>The corners of the range, always run whatever the generator draws.</summary>
    [Theory]
    [InlineData(8, 1, 2, StartState.OneHoldsAll, 0)]
    [InlineData(4000, 1, 100, StartState.OneHoldsAll, 0)]
    [InlineData(4000, 100, 100, StartState.Random, 0)]
    [InlineData(4000, 100, 2, StartState.Balanced, 98)]
    [InlineData(8, 100, 100, StartState.Balanced, 99)]
    public void The_corners_of_the_range_converge_the_same_way(int leases, int before, int workers, StartState start, int leaving)
    {
        foreach (var graceful in new[] { true, false })
        {
            var scenario = new Scenario(leases, before, workers, start, leaving, graceful, 0, leases + workers);
            Run(scenario, scenario.ToString(), () => ChangeAtOnce(scenario));
        }
    }

    /// <summary>Some workers leave and others join, all at once; every worker knows the live ones (heartbeats).</summary>
    private static void ChangeAtOnce(Scenario scenario)
    {
        var fleet = Start(scenario, heartbeats: true);
        foreach (var worker in fleet.LiveWorkers.Take(Math.Min(scenario.Leaving, scenario.Before - 1)).ToList())
        {
            fleet.Leave(worker, scenario.Graceful);
        }

        for (var i = scenario.Before; i < scenario.Workers; i++)
        {
            fleet.Join(Worker(i));
        }

        AssertConverges(fleet, "after the changes");
    }

    [Fact]
    public void Newcomers_nobody_knows_of_converge_one_at_a_time()
    {
        var source = new PCG(16, 20261207);
        for (var iteration = 0; iteration < 15; iteration++)
        {
            var scenario = Scenarios.Generate(source, null!, out _);
            Run(scenario, $"scenario {iteration} {scenario}", () =>
            {
                // Every worker there at the start holds a lease, or its peers could not know of it.
                var fleet = Start(scenario with { Start = scenario.Start == StartState.OneHoldsAll ? StartState.Balanced : scenario.Start }, heartbeats: false);
                AssertConverges(fleet, "from the start");
                for (var i = 0; i < scenario.OneByOne; i++)
                {
                    fleet.Join($"late-{i:D3}");
                    AssertConverges(fleet, $"after join {i}");
                }

                if (fleet.LiveWorkers.Count > 1)
                {
                    fleet.Leave(fleet.LiveWorkers.First(), scenario.Graceful);
                    AssertConverges(fleet, "after a leave");
                }
            });
        }
    }

    private static void AssertConverges(SimulatedLeaseTable fleet, string when)
    {
        fleet.ResetMoves();
        var minimum = fleet.MinimumMoves();
        var cycles = 0;
        string why;
        while (!fleet.Converged(out why) && cycles < MaxCycles)
        {
            fleet.Cycle();
            cycles++;
        }

        Assert.True(fleet.Converged(out why), $"{when}: not converged after {cycles} cycles: {why}");
        Assert.True(fleet.MostMovesOfOneLease <= 1, $"{when}: a lease moved {fleet.MostMovesOfOneLease} times");
        Assert.True(fleet.Moves == minimum, $"{when}: {fleet.Moves} moves where {minimum} suffice");

        fleet.Cycle();
        fleet.Cycle();
        Assert.True(fleet.Moves == minimum, $"{when}: {fleet.Moves - minimum} moves after converging");
    }

    private static SimulatedLeaseTable Start(Scenario scenario, bool heartbeats)
    {
        var fleet = new SimulatedLeaseTable(scenario.Leases, new LeaseOptions(), heartbeats, scenario.Seed);
        var live = Enumerable.Range(0, scenario.Before).Select(Worker).ToList();
        live.ForEach(fleet.Join);
        var random = new Random(scenario.Seed);
        var keys = fleet.LeaseKeys.ToList();
        for (var i = 0; i < keys.Count; i++)
        {
            switch (scenario.Start)
            {
                case StartState.OneHoldsAll:
                    fleet.Set(keys[i], live[0]);
                    break;
                case StartState.Balanced:
                    fleet.Set(keys[i], live[i % live.Count]);
                    break;
                case StartState.Random when i < live.Count:
                    fleet.Set(keys[i], live[i]);
                    break;
                default:
                    // Beyond one each: a tenth unowned, a tenth a dead worker's, a tenth being handed between two workers.
                    var owner = live[random.Next(live.Count)];
                    switch (random.Next(10))
                    {
                        case 0:
                            fleet.Set(keys[i], null);
                            break;
                        case 1:
                            fleet.Set(keys[i], "dead-worker");
                            break;
                        case 2:
                            fleet.Set(keys[i], owner, random.Next(2) == 0 ? live[random.Next(live.Count)] : "dead-worker");
                            break;
                        default:
                            fleet.Set(keys[i], owner);
                            break;
                    }

                    break;
            }
        }

        return fleet;
    }

    private static string Worker(int index) => $"worker-{index:D3}";

    private static void Run(Scenario scenario, string name, Action check)
    {
        try
        {
            check();
        }
        catch (Xunit.Sdk.XunitException failure)
        {
            throw new Xunit.Sdk.XunitException($"{name}: {failure.Message}");
        }
    }

    private sealed record Scenario(int Leases, int Before, int Workers, StartState Start, int Leaving, bool Graceful, int OneByOne, int Seed);
}
