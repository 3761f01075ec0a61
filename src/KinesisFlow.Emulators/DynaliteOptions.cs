namespace KinesisFlow.Emulators;

/// <summary>dynalite's settings (the options of its module API). Its store is always in memory.</summary>
public sealed record DynaliteOptions : EmulatorOptions
{
    /// <summary>How long a table stays CREATING / DELETING / UPDATING.</summary>
    public TimeSpan StateTransitionDelay { get; init; } = TimeSpan.FromMilliseconds(50);
}
