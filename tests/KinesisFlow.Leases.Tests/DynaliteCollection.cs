using KinesisFlow.TestKit;

namespace KinesisFlow.Leases.Tests;

/// <summary>One dynalite for every test of this assembly that needs it; tests isolate themselves by table name.</summary>
[CollectionDefinition(Name)]
public sealed class DynaliteCollection : ICollectionFixture<DynaliteFixture>
{
    public const string Name = "dynalite";
}
