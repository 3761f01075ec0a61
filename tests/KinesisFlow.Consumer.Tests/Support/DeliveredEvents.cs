using System.Text.Json;

namespace KinesisFlow.Consumer.Tests.Support;

/// <summary>One event as a sink wrote it: its CloudWatch Logs id and the Kinesis record it came from.</summary>
public sealed record DeliveredEvent(string EventId, string ShardId, string SequenceNumber);

/// <summary>Reads what file sinks wrote (NDJSON, possibly still being appended to) and what <c>produce</c> listed.</summary>
public static class DeliveredEvents
{
    /// <summary>Every complete line of the files (a line still being written is skipped), in file order.</summary>
    public static List<DeliveredEvent> Read(params string[] paths)
    {
        var events = new List<DeliveredEvent>();
        foreach (var path in paths)
        {
            foreach (var line in CompleteLines(path))
            {
                using var json = JsonDocument.Parse(line);
                var root = json.RootElement;
                events.Add(new DeliveredEvent(
                    root.GetProperty("cloudwatch").GetProperty("event_id").GetString()!,
                    root.GetProperty("kinesis").GetProperty("shard_id").GetString()!,
                    root.GetProperty("kinesis").GetProperty("sequence_number").GetString()!));
            }
        }

        return events;
    }

    /// <summary>The events <c>produce --manifest</c> listed, in the order they were written.</summary>
    public static List<ProducedEvent> ReadManifest(string path)
    {
        var events = new List<ProducedEvent>();
        foreach (var line in CompleteLines(path))
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            events.Add(new ProducedEvent(
                root.GetProperty("event_id").GetString()!,
                root.GetProperty("partition_key").GetString()!,
                root.GetProperty("shard_id").GetString()!,
                root.GetProperty("sequence_number").GetString()!));
        }

        return events;
    }

    private static IEnumerable<string> CompleteLines(string path)
    {
        if (!File.Exists(path))
        {
            yield break;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd();
        var end = text.LastIndexOf('\n');
        if (end < 0)
        {
            yield break;
        }

        foreach (var line in text[..end].Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            yield return line;
        }
    }
}

/// <summary>One event <c>produce</c> wrote.</summary>
public sealed record ProducedEvent(string EventId, string PartitionKey, string ShardId, string SequenceNumber);
