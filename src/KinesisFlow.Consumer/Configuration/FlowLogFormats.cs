namespace KinesisFlow.Consumer.Configuration;

/// <summary>
/// The format map every shard task decodes with: the configured one, completed at start-up with the formats
/// discovered from the VPC flow logs when <see cref="FlowLogsOptions.DiscoverFormats"/> is on.
/// </summary>
public sealed class FlowLogFormats(FlowLogsOptions options)
{
    private volatile FlowLogs.FormatMap _current = FormatMapFactory.Create(options);

    public FlowLogs.FormatMap Current => _current;

    /// <summary>Adds discovered log group → format entries after the configured ones (configuration wins).</summary>
    public void AddDiscovered(IReadOnlyDictionary<string, string> discovered) => _current = FormatMapFactory.Create(options, discovered);
}
