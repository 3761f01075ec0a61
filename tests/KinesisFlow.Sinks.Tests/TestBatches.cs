using System.Text;

namespace KinesisFlow.Sinks.Tests;

/// <summary>Builds batches the way the consumer does, from readable strings.</summary>
internal static class TestBatches
{
    public static EventBatch Json(string shardId, string sequenceNumber, params string[] events) =>
        Build(shardId, (sequenceNumber, "/vpc/flows", EventEncoding.Json, events));

    public static EventBatch Build(string shardId, params (string Sequence, string LogGroup, EventEncoding Encoding, string[] Events)[] records)
    {
        using var builder = new EventBatchBuilder(shardId);
        foreach (var (sequence, logGroup, encoding, events) in records)
        {
            builder.BeginRecord(sequence, logGroup, encoding);
            foreach (var text in events)
            {
                var bytes = Encoding.UTF8.GetBytes(text);
                bytes.CopyTo(builder.GetSpan(bytes.Length));
                builder.Advance(bytes.Length);
                builder.EndEvent();
            }
        }

        return builder.Build() ?? throw new InvalidOperationException("no records");
    }

    /// <summary>A JSON event of exactly <paramref name="length"/> bytes carrying <paramref name="id"/>.</summary>
    public static string JsonOfLength(string id, int length)
    {
        var prefix = $"{{\"id\":\"{id}\",\"pad\":\"";
        const string suffix = "\"}";
        return prefix + new string('x', length - prefix.Length - suffix.Length) + suffix;
    }
}
