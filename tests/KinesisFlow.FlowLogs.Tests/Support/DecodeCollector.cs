using System.Buffers;
using System.Text;
using KinesisFlow.FlowLogs.Output;

namespace KinesisFlow.FlowLogs.Tests.Support;

/// <summary>A dead letter copied out of the decoder's buffers so tests can look at it afterwards.</summary>
internal sealed record DeadLetterCopy(
    DeadLetterReason Reason,
    string Message,
    long RecordIndex,
    string LogGroup,
    string EventId,
    int EventIndex,
    int FieldPosition,
    byte[] Data,
    KinesisRecordContext Kinesis);

/// <summary>Collects what a decoder hands out: each line, its json output and its event id, plus dead letters.</summary>
internal sealed class DecodeCollector : IFlowRecordHandler, IDeadLetterHandler
{
    private readonly IFlowRecordWriter _writer;
    private readonly ArrayBufferWriter<byte> _buffer = new();

    public DecodeCollector(IFlowRecordWriter? writer = null) => _writer = writer ?? new JsonFlowRecordWriter();

    public List<string> Lines { get; } = [];

    public List<string> Outputs { get; } = [];

    public List<string> EventIds { get; } = [];

    public List<DeadLetterCopy> DeadLetters { get; } = [];

    public void Handle(in FlowRecord record)
    {
        Lines.Add(Encoding.UTF8.GetString(record.Line));
        EventIds.Add(Encoding.UTF8.GetString(record.Context.EventId));
        _buffer.ResetWrittenCount();
        _writer.Write(record, _buffer);
        Outputs.Add(Encoding.UTF8.GetString(_buffer.WrittenSpan));
    }

    public void Handle(in DeadLetter letter) => DeadLetters.Add(new DeadLetterCopy(
        letter.Reason,
        letter.Message,
        letter.RecordIndex,
        Encoding.UTF8.GetString(letter.LogGroup),
        Encoding.UTF8.GetString(letter.EventId),
        letter.EventIndex,
        letter.FieldPosition,
        letter.Data.ToArray(),
        letter.Kinesis));
}
