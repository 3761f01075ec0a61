using KinesisFlow.Emulators;

namespace KinesisFlow.TestKit;

/// <summary>kinesalite on a free loopback port: the fast Kinesis for polling and volume tests.</summary>
public sealed class KinesaliteFixture : EmulatorFixture
{
    /// <summary>Test helpers for streams on this emulator.</summary>
    public KinesisTestStreams Streams => new(Api);

    protected override Task<RunningEmulator> StartAsync() =>
        EmulatorHost.StartKinesaliteAsync(new KinesaliteOptions { ShardLimit = 200 });
}
