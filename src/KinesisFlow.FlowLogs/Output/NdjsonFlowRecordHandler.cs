using System.Buffers;

namespace KinesisFlow.FlowLogs.Output;

/// <summary>Writes each decoded record with a writer, one event per line (NDJSON for JSON formats).</summary>
public sealed class NdjsonFlowRecordHandler : IFlowRecordHandler
{
    private readonly IFlowRecordWriter _writer;
    private readonly IBufferWriter<byte> _output;

    public NdjsonFlowRecordHandler(IFlowRecordWriter writer, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(output);
        _writer = writer;
        _output = output;
    }

    public void Handle(in FlowRecord record)
    {
        _writer.WriteLine(record, _output);
    }
}
