namespace KinesisFlow.Emulators;

/// <summary>The local AWS stand-ins pinned in tests/emulators/package.json.</summary>
public enum EmulatorKind
{
    /// <summary>kinesis-mock (npm kinesis-local): the faithful Kinesis, with fan-out and resharding.</summary>
    KinesisMock,

    /// <summary>kinesalite: the fast Kinesis, for polling and volume.</summary>
    Kinesalite,

    /// <summary>dynalite: DynamoDB, for the lease table.</summary>
    Dynalite,
}
