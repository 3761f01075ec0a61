using System.Buffers;
using System.Text;
using KinesisFlow.FlowLogs.Output;

namespace KinesisFlow.FlowLogs.Tests.Support;

/// <summary>Writes each record with the json writer's plain path (as an event and as an NDJSON line) and with its escaping path, and asserts they agree.</summary>
internal sealed class BothJsonWriters : IFlowRecordHandler
{
    private readonly ArrayBufferWriter<byte> _fast = new();
    private readonly ArrayBufferWriter<byte> _escaping = new();

    public int Compared { get; private set; }

    public void Handle(in FlowRecord record)
    {
        _fast.ResetWrittenCount();
        _escaping.ResetWrittenCount();
        new JsonFlowRecordWriter().Write(record, _fast);
        var json = new Utf8JsonBufferWriter(_escaping);
        json.StartObject();
        JsonFlowRecordWriter.WriteFields(ref json, record);
        JsonFlowRecordWriter.WriteContext(ref json, record.Context);
        json.EndObject();
        json.Flush();
        Assert.Equal(Encoding.UTF8.GetString(_escaping.WrittenSpan), Encoding.UTF8.GetString(_fast.WrittenSpan));

        // The NDJSON line (the event and its line feed in one write) is the same event, then the line feed.
        _fast.ResetWrittenCount();
        new JsonFlowRecordWriter().WriteLine(record, _fast);
        Assert.Equal(Encoding.UTF8.GetString(_escaping.WrittenSpan) + "\n", Encoding.UTF8.GetString(_fast.WrittenSpan));
        Compared++;
    }
}
