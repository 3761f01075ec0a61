namespace KinesisFlow.Cli.Settings;

/// <summary>The periodic summary line's setting, in section <c>KinesisFlow:Observability</c> (next to the metrics' settings).</summary>
internal sealed class SummarySettings
{
    public const string SectionName = "KinesisFlow:Observability";

    public const string SummaryIntervalKey = $"{SectionName}:{nameof(SummaryInterval)}";

    /// <summary>How often the worker logs its summary line (event 102): shards held, records and events per second, bytes read, dead letters, oldest checkpoint age and highest lag. 00:00:00 turns it off.</summary>
    public TimeSpan SummaryInterval { get; set; } = TimeSpan.FromMinutes(1);
}
