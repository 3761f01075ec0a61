namespace KinesisFlow.Consumer.Configuration;

/// <summary>Section <c>Checkpoints</c>: how often a shard writes its checkpoint to the lease table.</summary>
public sealed class CheckpointOptions
{
    /// <summary>Checkpoint at least this often while records are acknowledged.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Checkpoint as soon as this many records were acknowledged since the last checkpoint.</summary>
    public long MaxRecords { get; set; } = 10_000;
}
