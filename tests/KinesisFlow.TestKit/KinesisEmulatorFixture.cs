namespace KinesisFlow.TestKit;

/// <summary>A Kinesis emulator (kinesis-mock or kinesalite), with helpers for the streams a test needs.</summary>
public abstract class KinesisEmulatorFixture : EmulatorFixture
{
    /// <summary>Creates, waits for and deletes streams on this emulator.</summary>
    public KinesisTestStreams Streams => new(Api);
}
