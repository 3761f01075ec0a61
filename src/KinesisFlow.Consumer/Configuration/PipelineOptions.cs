namespace KinesisFlow.Consumer.Configuration;

/// <summary>
/// Section <c>Pipeline</c>: the bounded buffers between reading, decoding and the sinks. Their sizes bound memory per
/// shard (about <see cref="ReadAhead"/> reads plus <see cref="MaxBatchesInFlight"/> batches) whatever the backlog.
/// </summary>
public sealed class PipelineOptions
{
    /// <summary>GetRecords answers (or fan-out events) read ahead of decoding; reading waits beyond this.</summary>
    public int ReadAhead { get; set; } = 2;

    /// <summary>A batch is handed to the sinks once it holds this many bytes of serialized events (cut at record ends).</summary>
    public int MaxBatchBytes { get; set; } = 1024 * 1024;

    /// <summary>Batches sent to the sinks and not yet acknowledged, per shard; decoding waits beyond this.</summary>
    public int MaxBatchesInFlight { get; set; } = 4;

    /// <summary>How long a graceful stop waits for in-flight batches before giving up on them (they are re-read later).</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(20);
}
