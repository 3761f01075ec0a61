namespace KinesisFlow.Sinks;

/// <summary>The dead-letter file: NDJSON, one object per rejected event or undecodable record.</summary>
public sealed class DeadLetterOptions
{
    /// <summary>Path of the active dead-letter file (relative to the working directory).</summary>
    public string Path { get; set; } = "kinesisflow-dead-letters.ndjson";

    /// <summary>Rotation of the dead-letter file.</summary>
    public FileRotationOptions Rotation { get; set; } = new();
}
