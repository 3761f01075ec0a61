namespace KinesisFlow.Sinks;

/// <summary>When an append-only file is closed and renamed aside, and how many of those are kept.</summary>
public sealed class FileRotationOptions
{
    /// <summary>Rotate before a write would take the file past this size; 0 turns size rotation off. Default 256 MiB.</summary>
    public long MaxFileBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Rotate the first write after the file has been open this long; zero (the default) turns it off.</summary>
    public TimeSpan RotateEvery { get; set; }

    /// <summary>Rotated files kept beside the active one (oldest deleted first); 0 (the default) keeps them all.</summary>
    public int MaxRetainedFiles { get; set; }

    /// <summary>
    /// Also force the operating system to put every flushed write on disk (fsync) before acknowledging. Off by default:
    /// a plain flush already survives a crash of the process, only not of the machine, and costs far less.
    /// </summary>
    public bool FlushToDisk { get; set; }
}
