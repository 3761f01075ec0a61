namespace KinesisFlow.Sinks;

/// <summary>The SEKOIA.IO intake sink.</summary>
public sealed class SekoiaSinkOptions : HttpDeliveryOptions
{
    /// <summary>Environment variable read when <see cref="IntakeKey"/> is not configured.</summary>
    public const string IntakeKeyVariable = "SEKOIA_INTAKE_KEY";

    /// <summary>SEKOIA.IO rejects requests of 10 MiB or more; stay a little below.</summary>
    public const int IntakeMaxRequestBytes = (10 * 1024 * 1024) - (64 * 1024);

    /// <summary>SEKOIA.IO discards events longer than this; such events are dead-lettered instead.</summary>
    public const int IntakeMaxEventBytes = 250_000;

    public SekoiaSinkOptions()
    {
        MaxRequestBytes = 8 * 1024 * 1024;
    }

    /// <summary>The intake key (sent as <c>X-SEKOIAIO-INTAKE-KEY</c>, never logged); falls back to SEKOIA_INTAKE_KEY.</summary>
    public string? IntakeKey { get; set; }

    /// <summary>Longest event sent; longer ones go to the dead-letter file. At most <see cref="IntakeMaxEventBytes"/>.</summary>
    public int MaxEventBytes { get; set; } = IntakeMaxEventBytes;

    public override string ToString() => "SekoiaSinkOptions { IntakeKey = *** }";
}
