using System.Buffers;

namespace KinesisFlow.FlowLogs.Output;

/// <summary>
/// The <c>sekoia</c> output, for SEKOIA.IO's "AWS Flow Logs" intake: the raw line when the log group's format is one
/// the intake parses itself (the default version 2 order, or it followed by the 15 version 3–5 fields in AWS's
/// documented order), otherwise the <c>json</c> form (snake_case AWS names, envelope under <c>cloudwatch</c> and
/// <c>kinesis</c>), so that custom formats still arrive parsed. A raw line carries no envelope: the intake's parser
/// expects the bare record.
/// </summary>
public sealed class SekoiaFlowRecordWriter : IFlowRecordWriter
{
    private readonly JsonFlowRecordWriter _json = new();

    // The last format seen and its verdict, swapped as one object so shards sharing this writer never tear it.
    private LayoutVerdict? _last;

    /// <summary>Whether lines of <paramref name="format"/> go to SEKOIA.IO as they are.</summary>
    public static bool WritesRawLine(FlowLogFormat format) =>
        format is not null && (format.Equals(FlowLogFormat.DefaultV2) || format.Equals(FlowLogFormat.DefaultV2WithV5Fields));

    public void Write(in FlowRecord record, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (IsRaw(record.Format))
        {
            output.Write(record.Line);
        }
        else
        {
            _json.Write(record, output);
        }
    }

    // Formats are shared objects resolved once per log group, so the comparison is almost always a reference check.
    private bool IsRaw(FlowLogFormat format)
    {
        var last = Volatile.Read(ref _last);
        if (last is not null && ReferenceEquals(last.Format, format))
        {
            return last.Raw;
        }

        var verdict = new LayoutVerdict(format, WritesRawLine(format));
        Volatile.Write(ref _last, verdict);
        return verdict.Raw;
    }

    private sealed record LayoutVerdict(FlowLogFormat Format, bool Raw);
}
