using System.Buffers;

namespace KinesisFlow.Sinks;

/// <summary>
/// Serialized events from one shard, ready for a sink: NDJSON-shaped UTF-8 (every event followed by one <c>\n</c>)
/// in a pooled buffer, with each event's boundary and the Kinesis records they came from. Built by
/// <see cref="EventBatchBuilder"/>.
/// </summary>
/// <remarks>
/// Ownership: the caller of <see cref="IEventSink.SendAsync"/> owns the batch and disposes it once every sink it was
/// sent to has completed (successfully or not); a sink never keeps it past its <c>SendAsync</c>. Disposing returns the
/// buffers to the pool, so the batch must not be used afterwards.
/// </remarks>
public sealed class EventBatch : IDisposable
{
    private byte[]? _payload;
    private int[]? _eventEnds;
    private BatchRecord[]? _records;

    internal EventBatch(string shardId, byte[] payload, int length, int[] eventEnds, int count, BatchRecord[] records, int recordCount)
    {
        ShardId = shardId;
        _payload = payload;
        Length = length;
        _eventEnds = eventEnds;
        Count = count;
        _records = records;
        RecordCount = recordCount;
    }

    /// <summary>The shard every record of this batch was read from.</summary>
    public string ShardId { get; }

    /// <summary>Number of events.</summary>
    public int Count { get; }

    /// <summary>Bytes in <see cref="Payload"/>, newlines included.</summary>
    public int Length { get; }

    /// <summary>Number of Kinesis records (or parts of records) the events came from.</summary>
    public int RecordCount { get; }

    /// <summary>Every event, each followed by <c>\n</c>: exactly what an NDJSON file or stdout receives.</summary>
    public ReadOnlyMemory<byte> Payload => new(Live(_payload), 0, Length);

    /// <summary>The records, in stream order.</summary>
    public ReadOnlySpan<BatchRecord> Records => new(Live(_records), 0, RecordCount);

    /// <summary>Sequence number of the first record in the batch.</summary>
    public string FirstSequenceNumber => Records[0].SequenceNumber;

    /// <summary>Sequence number of the last record in the batch: what the shard may checkpoint once every sink has it.</summary>
    public string LastSequenceNumber => Records[RecordCount - 1].SequenceNumber;

    /// <summary>
    /// A copy of this batch in freshly rented buffers, for a sink that must keep events after its caller may have
    /// disposed the original (an HTTP sink whose caller gave up waiting). The copy's owner disposes it.
    /// </summary>
    public EventBatch Copy()
    {
        var payload = BatchPayloadPool.Instance.Rent(Math.Max(Length, 1));
        Payload.Span.CopyTo(payload);
        var ends = ArrayPool<int>.Shared.Rent(Math.Max(Count, 1));
        Live(_eventEnds).AsSpan(0, Count).CopyTo(ends);
        var records = ArrayPool<BatchRecord>.Shared.Rent(RecordCount);
        Records.CopyTo(records);
        return new EventBatch(ShardId, payload, Length, ends, Count, records, RecordCount);
    }

    /// <summary>Event <paramref name="index"/>'s bytes, without its newline.</summary>
    public ReadOnlyMemory<byte> GetEvent(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        var ends = Live(_eventEnds);
        var start = index == 0 ? 0 : ends[index - 1] + 1;
        return new ReadOnlyMemory<byte>(Live(_payload), start, ends[index] - start);
    }

    /// <summary>The record event <paramref name="index"/> belongs to (binary search: records are few, events many).</summary>
    public ref readonly BatchRecord GetRecordOf(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        var records = Records;
        int low = 0, high = records.Length - 1;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (records[middle].EndEvent > index)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return ref records[low];
    }

    public void Dispose()
    {
        if (_payload is { } payload)
        {
            BatchPayloadPool.Instance.Return(payload);
            _payload = null;
        }

        if (_eventEnds is { } ends)
        {
            ArrayPool<int>.Shared.Return(ends);
            _eventEnds = null;
        }

        if (_records is { } records)
        {
            // Cleared so the pool does not keep sequence-number strings alive.
            ArrayPool<BatchRecord>.Shared.Return(records, clearArray: true);
            _records = null;
        }
    }

    private static T Live<T>(T? buffer)
        where T : class => buffer ?? throw new ObjectDisposedException(nameof(EventBatch));
}
