using KinesisFlow.Consumer.Tests.Support;

namespace KinesisFlow.Consumer.Tests.EndToEnd;

/// <summary>
/// The end-to-end tests run one after another (worker processes are CPU-hungry on a small machine) and share one
/// pair of emulators per kind; each test uses its own stream and lease table.
/// </summary>
[CollectionDefinition(Name)]
public sealed class EndToEndCollection : ICollectionFixture<KinesaliteAndDynalite>, ICollectionFixture<KinesisMockAndDynalite>
{
    public const string Name = "end-to-end";
}
