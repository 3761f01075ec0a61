using KinesisFlow.Consumer.Configuration;

namespace KinesisFlow.Cli.Settings;

/// <summary>The host's own settings, at the top of section <c>KinesisFlow</c> (next to the consumer's sections).</summary>
internal sealed class HostSettings
{
    public const string ShutdownTimeoutKey = $"{KinesisFlowOptions.SectionName}:{nameof(ShutdownTimeout)}";

    /// <summary>How long a graceful stop (SIGTERM, Ctrl-C) may take: shards drain, checkpoint and release their leases within it.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = RunHost.DefaultShutdownTimeout;
}
