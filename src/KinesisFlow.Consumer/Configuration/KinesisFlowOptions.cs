using KinesisFlow.Coordination.Leases;
using KinesisFlow.FlowLogs.Filtering;

namespace KinesisFlow.Consumer.Configuration;

/// <summary>
/// Every setting of the consumer service, bound from section <see cref="SectionName"/>: appsettings.json, then
/// environment variables <c>KINESISFLOW__Section__Key</c>, then command-line flags (which win). Validated at start-up
/// by <see cref="KinesisFlowOptionsValidator"/>: a bad setting stops the start with a message naming its key. The
/// sinks (<c>KinesisFlow:Sinks</c>) and telemetry (<c>KinesisFlow:Observability</c>) have options classes of their own.
/// </summary>
public sealed class KinesisFlowOptions
{
    public const string SectionName = "KinesisFlow";

    /// <summary>The stream to drain and how to read it (section <c>Kinesis</c>).</summary>
    public KinesisOptions Kinesis { get; set; } = new();

    /// <summary>The DynamoDB lease table shared by every instance, and the lease timings (section <c>Leases</c>).</summary>
    public LeaseOptions Leases { get; set; } = new();

    /// <summary>Flow log formats per log group (section <c>FlowLogs</c>).</summary>
    public FlowLogsOptions FlowLogs { get; set; } = new();

    /// <summary>Which flow records to leave out before any sink (section <c>Filters</c>); every filter is off by default.</summary>
    public FlowFilterOptions Filters { get; set; } = new();

    /// <summary>How checkpoints are batched (section <c>Checkpoints</c>).</summary>
    public CheckpointOptions Checkpoints { get; set; } = new();

    /// <summary>Batching and buffering between reading and the sinks (section <c>Pipeline</c>).</summary>
    public PipelineOptions Pipeline { get; set; } = new();

    /// <summary>Shard task supervision (section <c>Supervisor</c>).</summary>
    public SupervisorOptions Supervisor { get; set; } = new();
}
