using KinesisFlow.Emulators;

namespace KinesisFlow.TestKit;

/// <summary>kinesalite on a free loopback port: the fast Kinesis for polling and volume tests.</summary>
public sealed class KinesaliteFixture : KinesisEmulatorFixture
{
    protected override Task<RunningEmulator> StartAsync() =>
        EmulatorHost.StartKinesaliteAsync(new KinesaliteOptions { ShardLimit = FixtureShardLimit });
}
