using CsCheck;
using KinesisFlow.Coordination.Leases;

namespace KinesisFlow.Coordination.Tests.Leases;

/// <summary>
/// Any fleet, joining and leaving in any order (gracefully or not), converges once it stops changing: every lease
/// owned once by a live worker, loads within one, a bounded number of moves, and no churn after convergence.
/// </summary>
public sealed class LeaseBalancerPropertyTests
{
    private const int MaxRounds = 400;
    private const int QuietRounds = 30;

    // One fleet change: a worker joins, or the n-th live worker leaves (gracefully or abruptly).
    private static readonly Gen<(bool Join, int Index, bool Graceful, int Rounds)> Change =
        Gen.Select(Gen.Bool, Gen.Int[0, 9], Gen.Bool, Gen.Int[0, 4]);

    private static readonly Gen<(int Leases, int Workers, (bool Join, int Index, bool Graceful, int Rounds)[] Changes, int Seed)> Scenario =
        Gen.Select(Gen.Int[1, 48], Gen.Int[1, 6], Change.Array[0, 8], Gen.Int);

    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 1)]
    [InlineData(true, 3)]
    public void Any_fleet_converges_with_bounded_moves_and_then_stays_still(bool gracefulHandoff, int maxToStealAtOnce)
    {
        var options = new LeaseOptions { GracefulHandoff = gracefulHandoff, MaxLeasesToStealAtOnce = maxToStealAtOnce };

        // A fixed seed: the same 200 scenarios on every run, each carrying the seed of its own randomness.
        var source = new PCG(1, 20261126);
        for (var iteration = 0; iteration < 200; iteration++)
        {
            var scenario = Scenario.Generate(source, null!, out _);
            try
            {
                var (leases, workers, changes, seed) = scenario;
                var fleet = new FleetSimulation(leases, seed, options);
                for (var i = 0; i < workers; i++)
                {
                    fleet.Join();
                }

                foreach (var (join, index, graceful, roundsAfter) in changes)
                {
                    if (join || fleet.LiveWorkers.Count == 1)
                    {
                        fleet.Join();
                    }
                    else
                    {
                        fleet.Leave(index, graceful);
                    }

                    for (var round = 0; round < roundsAfter; round++)
                    {
                        fleet.Round();
                    }
                }

                var movesBefore = fleet.Moves;
                var rounds = 0;
                string why;
                while (!fleet.Converged(out why) && rounds++ < MaxRounds)
                {
                    fleet.Round();
                }

                Assert.True(fleet.Converged(out why), $"not converged after {MaxRounds} rounds: {why}");
                // Each move narrows the gap; a lease moves at most about once per worker imbalance, never endlessly.
                Assert.True(fleet.Moves - movesBefore <= 2 * leases, $"{fleet.Moves - movesBefore} moves for {leases} leases");

                var settled = fleet.Moves;
                for (var round = 0; round < QuietRounds; round++)
                {
                    fleet.Round();
                }

                Assert.Equal(settled, fleet.Moves);
                Assert.True(fleet.Converged(out why), why);
            }
            catch (Exception failure) when (failure is Xunit.Sdk.XunitException)
            {
                throw new Xunit.Sdk.XunitException($"Scenario {iteration} {Check.Print(scenario)}: {failure.Message}");
            }
        }
    }
}
