namespace KinesisFlow.Emulators;

/// <summary>kinesalite's settings (the options of its module API). Its store is always in memory.</summary>
public sealed record KinesaliteOptions : EmulatorOptions
{
    /// <summary>How long a stream stays CREATING / DELETING / UPDATING.</summary>
    public TimeSpan StateTransitionDelay { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Shard limit for LimitExceededException.</summary>
    public int ShardLimit { get; init; } = 50;
}
