using KinesisFlow.FlowLogs;

namespace KinesisFlow.Cli;

/// <summary>What <c>kinesisflow produce</c> writes, where, and how fast.</summary>
internal sealed record ProduceSettings
{
    public required string StreamName { get; init; }

    public string? Region { get; init; }

    public string? EndpointUrl { get; init; }

    /// <summary>Stop once at least this many flow lines were written (whole CloudWatch Logs batches); null: no limit.</summary>
    public long? Count { get; init; }

    /// <summary>Flow lines per second; null: as fast as the stream takes them.</summary>
    public double? Rate { get; init; }

    /// <summary>Stop after this long; null: no limit.</summary>
    public TimeSpan? Duration { get; init; }

    public FlowLogFormat Format { get; init; } = FlowLogFormat.DefaultV2;

    public string LogGroup { get; init; } = "/aws/vpc/flow-logs";

    public int MinEventsPerRecord { get; init; } = 50;

    public int MaxEventsPerRecord { get; init; } = 500;

    /// <summary>Share of records that are CONTROL_MESSAGEs, as CloudWatch Logs sends when a subscription is created.</summary>
    public double ControlMessageRatio { get; init; } = 0.01;

    public int Seed { get; init; } = Environment.TickCount;

    /// <summary>Distinct log streams (one per network interface), hence partition keys spread over the shards.</summary>
    public int LogStreams { get; init; } = 48;

    /// <summary>Optional NDJSON file listing every event written: event id, partition key, shard, sequence number.</summary>
    public string? ManifestPath { get; init; }
}
