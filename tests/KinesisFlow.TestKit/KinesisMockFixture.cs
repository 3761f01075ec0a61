using KinesisFlow.Emulators;

namespace KinesisFlow.TestKit;

/// <summary>kinesis-mock on a free loopback port: the faithful Kinesis (paging, resharding, StreamARN, fan-out).</summary>
public sealed class KinesisMockFixture : EmulatorFixture
{
    /// <summary>Test helpers for streams on this emulator.</summary>
    public KinesisTestStreams Streams => new(Api);

    protected override Task<RunningEmulator> StartAsync() =>
        EmulatorHost.StartKinesisMockAsync(new KinesisMockOptions { ShardLimit = 200 });
}
