namespace KinesisFlow.Aws.EventStream;

/// <summary>
/// Upper bounds checked before anything is buffered, so a corrupt or hostile length can never make the reader
/// allocate more than this. The defaults are the format's own limits.
/// </summary>
public sealed record EventStreamLimits
{
    /// <summary>Largest whole message, prelude and CRCs included: 16 MiB by default.</summary>
    public int MaxMessageLength { get; init; } = 16 * 1024 * 1024;

    /// <summary>Largest headers section: 128 KiB by default.</summary>
    public int MaxHeadersLength { get; init; } = 128 * 1024;

    public static EventStreamLimits Default { get; } = new();
}
