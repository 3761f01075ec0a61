using System.Text.Json;
using KinesisFlow.FlowLogs.Generation;

namespace KinesisFlow.Cli;

/// <summary>
/// The list of every event <c>produce</c> wrote, one JSON object per line: <c>{"event_id","partition_key","shard_id",
/// "sequence_number"}</c>. What a delivery check compares a sink's output with.
/// </summary>
internal sealed class ProduceManifest(Stream output) : IDisposable
{
    private readonly Utf8JsonWriter _json = new(output);

    public void Write(GeneratedRecord record, string partitionKey, string shardId, string sequenceNumber)
    {
        foreach (var logEvent in record.Events)
        {
            _json.WriteStartObject();
            _json.WriteString("event_id"u8, logEvent.Id);
            _json.WriteString("partition_key"u8, partitionKey);
            _json.WriteString("shard_id"u8, shardId);
            _json.WriteString("sequence_number"u8, sequenceNumber);
            _json.WriteEndObject();
            _json.Flush();
            _json.Reset();
            output.WriteByte((byte)'\n');
        }
    }

    public void Dispose()
    {
        _json.Flush();
        _json.Dispose();
        output.Flush();
    }
}
