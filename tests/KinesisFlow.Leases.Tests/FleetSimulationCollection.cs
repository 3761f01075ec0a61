using KinesisFlow.TestKit;

namespace KinesisFlow.Leases.Tests;

/// <summary>
/// The fleet simulations, run one at a time after every other test: a simulation steps its fake clock only when the
/// process is quiet (no thread-pool work pending), so two of them side by side, or beside other busy tests, keep each
/// other from ever settling and a 7-second run took 4 to 6 minutes. Its own dynalite serves the one that needs it.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FleetSimulationCollection : ICollectionFixture<DynaliteFixture>
{
    public const string Name = "fleet simulation";
}
