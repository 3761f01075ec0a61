using KinesisFlow.Sinks;

namespace KinesisFlow.Consumer.Pipeline;

/// <summary>
/// A run of whole Kinesis records of one shard on their way to the sinks: one <see cref="EventBatch"/> per output format
/// the sinks want, plus the dead letters the records produced. It is acknowledged (and may be checkpointed past) only
/// once every sink and the dead-letter sink completed it.
/// </summary>
internal sealed class Delivery : IDisposable
{
    public Delivery(string shardId, IReadOnlyList<FormattedBatch> batches, ReadOnlyMemory<byte> deadLetterLines, string firstSequenceNumber, string lastSequenceNumber, int records, int events)
    {
        ShardId = shardId;
        Batches = batches;
        DeadLetterLines = deadLetterLines;
        FirstSequenceNumber = firstSequenceNumber;
        LastSequenceNumber = lastSequenceNumber;
        Records = records;
        Events = events;
    }

    public IReadOnlyList<FormattedBatch> Batches { get; }

    public string ShardId { get; }

    /// <summary>The decoder's dead letters, one NDJSON line each (FlowLogs' dead-letter JSON), for the dead-letter file.</summary>
    public ReadOnlyMemory<byte> DeadLetterLines { get; }

    public string FirstSequenceNumber { get; }

    /// <summary>The last record covered: the checkpoint this delivery allows once it and all before it are acknowledged.</summary>
    public string LastSequenceNumber { get; }

    public int Records { get; }

    public int Events { get; }

    /// <summary>The smallest flow <c>end</c> (Unix seconds) among the delivery's events, when any carries one.</summary>
    public long? OldestFlowEnd { get; init; }

    /// <summary>The ledger ticket, set when the delivery is registered with the shard's checkpointer.</summary>
    public long Ticket { get; set; }

    /// <summary>Every sink's send of this delivery; set when it is handed to the sinks.</summary>
    public Task Completion { get; set; } = Task.CompletedTask;

    public EventBatch BatchFor(string format)
    {
        foreach (var batch in Batches)
        {
            if (batch.Format == format)
            {
                return batch.Batch;
            }
        }

        throw new InvalidOperationException($"No batch was built in format '{format}'.");
    }

    public void Dispose()
    {
        foreach (var batch in Batches)
        {
            batch.Batch.Dispose();
        }
    }
}

/// <summary>The events of a delivery serialized in one output format.</summary>
internal readonly record struct FormattedBatch(string Format, EventBatch Batch);
