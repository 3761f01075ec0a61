using System.Buffers;

namespace KinesisFlow.FlowLogs.Output;

/// <summary>
/// Turns one flow record into one output event (a JSON object, a raw line, ...) as UTF-8, with no separator:
/// callers frame events themselves (NDJSON lines, a JSON array, a newline-separated batch).
/// Writers hold no per-record state and may be shared by the decoders of several shards.
/// </summary>
public interface IFlowRecordWriter
{
    void Write(in FlowRecord record, IBufferWriter<byte> output);

    /// <summary>
    /// Writes the event followed by a line feed: one NDJSON line. A writer that can end the event in the same write
    /// (one span, one advance) does so instead.
    /// </summary>
    void WriteLine(in FlowRecord record, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        Write(record, output);
        output.GetSpan(1)[0] = (byte)'\n';
        output.Advance(1);
    }
}
