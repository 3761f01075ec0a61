namespace KinesisFlow.Sinks;

/// <summary>Writes events as NDJSON to standard output (or any stream handed to it), flushed before acknowledging.</summary>
internal sealed class StdoutSink : AppendingSink
{
    private readonly Stream _output;

    public StdoutSink(Stream output, string outputFormat)
        : base("stdout", outputFormat)
    {
        _output = output;
    }

    protected override void Append(ReadOnlySpan<byte> payload) => _output.Write(payload);

    protected override void Commit() => _output.Flush();

    protected override void Close() => _output.Flush();
}
