using System.Buffers;

namespace KinesisFlow.FlowLogs.Output;

/// <summary>The <c>raw</c> output: the flow line exactly as received.</summary>
public sealed class RawFlowRecordWriter : IFlowRecordWriter
{
    public void Write(in FlowRecord record, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.Write(record.Line);
    }
}
