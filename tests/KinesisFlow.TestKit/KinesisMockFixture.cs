using KinesisFlow.Emulators;

namespace KinesisFlow.TestKit;

/// <summary>kinesis-mock on a free loopback port: the faithful Kinesis (paging, resharding, StreamARN, fan-out).</summary>
public sealed class KinesisMockFixture : KinesisEmulatorFixture
{
    protected override Task<RunningEmulator> StartAsync() =>
        EmulatorHost.StartKinesisMockAsync(new KinesisMockOptions { ShardLimit = FixtureShardLimit });
}
