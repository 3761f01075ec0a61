namespace KinesisFlow.Sinks;

/// <summary>
/// Appends events as NDJSON to a file that rotates by size and age; a batch is acknowledged only after it is written
/// and flushed. Events of one batch never straddle two files.
/// </summary>
internal sealed class FileSink : AppendingSink
{
    private readonly RotatingFile _file;

    public FileSink(string path, string outputFormat, FileRotationOptions rotation, TimeProvider time)
        : base($"file:{path}", outputFormat)
    {
        _file = new RotatingFile(path, rotation, time);
    }

    protected override void Append(ReadOnlySpan<byte> payload) => _file.Write(payload);

    protected override void Commit() => _file.Flush();

    protected override void Close() => _file.Dispose();
}
