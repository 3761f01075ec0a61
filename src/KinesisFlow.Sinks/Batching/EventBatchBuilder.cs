using System.Buffers;

namespace KinesisFlow.Sinks;

/// <summary>
/// Collects serialized events into an <see cref="EventBatch"/> over pooled buffers. Usage per record:
/// <see cref="BeginRecord"/>, then per event write its bytes through the <see cref="IBufferWriter{T}"/> members (an
/// output writer writes straight into <see cref="GetSpan"/>) and call <see cref="EndEvent"/>; finally <see cref="Build"/>.
/// One builder serves one shard and can be reused after every <see cref="Build"/>.
/// </summary>
public sealed class EventBatchBuilder : IBufferWriter<byte>, IDisposable
{
    private const int MinimumPayloadSize = 64 * 1024;
    private const int MinimumEventSlots = 256;
    private const int MinimumRecordSlots = 16;

    private byte[] _payload = [];
    private int _length;
    private int[] _eventEnds = [];
    private int _count;
    private BatchRecord[] _records = [];
    private int _recordCount;
    private string? _sequenceNumber;
    private string _logGroup = string.Empty;
    private EventEncoding _encoding;

    public EventBatchBuilder(string shardId)
    {
        ArgumentException.ThrowIfNullOrEmpty(shardId);
        ShardId = shardId;
    }

    public string ShardId { get; }

    /// <summary>Completed events so far.</summary>
    public int Count => _count;

    /// <summary>Bytes written so far (including an event still being written): what to compare with a batch-size limit.</summary>
    public int Length => _length;

    /// <summary>Starts the events of one Kinesis record (or of the next part of one).</summary>
    public void BeginRecord(string sequenceNumber, string logGroup, EventEncoding encoding)
    {
        ArgumentException.ThrowIfNullOrEmpty(sequenceNumber);
        ArgumentNullException.ThrowIfNull(logGroup);
        CloseRecord();
        _sequenceNumber = sequenceNumber;
        _logGroup = logGroup;
        _encoding = encoding;
    }

    /// <summary>Ends the event written since the previous one: appends its newline and remembers its boundary.</summary>
    public void EndEvent()
    {
        if (_sequenceNumber is null)
        {
            throw new InvalidOperationException("BeginRecord must be called before the first event.");
        }

        EnsurePayload(1);
        _payload[_length] = (byte)'\n';
        if (_count == _eventEnds.Length)
        {
            _eventEnds = Grow(ArrayPool<int>.Shared, _eventEnds, _count, MinimumEventSlots, clear: false);
        }

        _eventEnds[_count++] = _length;
        _length++;
    }

    /// <summary>Drops the bytes of an event that failed half-way, back to the end of the previous event.</summary>
    public void AbandonEvent() => _length = _count == 0 ? 0 : _eventEnds[_count - 1] + 1;

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _payload.Length - _length);
        _length += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        EnsurePayload(Math.Max(sizeHint, 1));
        return _payload.AsMemory(_length);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        EnsurePayload(Math.Max(sizeHint, 1));
        return _payload.AsSpan(_length);
    }

    /// <summary>
    /// Hands the completed events to a new batch, which now owns the buffers, and resets the builder. Returns null when
    /// no record was begun. A record begun with no events still counts: its sequence number is handled once delivered.
    /// </summary>
    public EventBatch? Build()
    {
        AbandonEvent();
        CloseRecord();
        if (_recordCount == 0)
        {
            return null;
        }

        var batch = new EventBatch(ShardId, RentIfEmpty(BatchPayloadPool.Instance, _payload), _length, RentIfEmpty(ArrayPool<int>.Shared, _eventEnds), _count, _records, _recordCount);
        _payload = [];
        _eventEnds = [];
        _records = [];
        _length = 0;
        _count = 0;
        _recordCount = 0;
        return batch;
    }

    public void Dispose()
    {
        if (_payload.Length > 0)
        {
            BatchPayloadPool.Instance.Return(_payload);
        }

        if (_eventEnds.Length > 0)
        {
            ArrayPool<int>.Shared.Return(_eventEnds);
        }

        if (_records.Length > 0)
        {
            ArrayPool<BatchRecord>.Shared.Return(_records, clearArray: true);
        }

        _payload = [];
        _eventEnds = [];
        _records = [];
        _length = _count = _recordCount = 0;
        _sequenceNumber = null;
    }

    private void CloseRecord()
    {
        if (_sequenceNumber is null)
        {
            return;
        }

        if (_recordCount == _records.Length)
        {
            _records = Grow(ArrayPool<BatchRecord>.Shared, _records, _recordCount, MinimumRecordSlots, clear: true);
        }

        _records[_recordCount++] = new BatchRecord(_sequenceNumber, _logGroup, _encoding, _count);
        _sequenceNumber = null;
    }

    private void EnsurePayload(int needed)
    {
        if (_payload.Length - _length < needed)
        {
            _payload = Grow(BatchPayloadPool.Instance, _payload, _length, Math.Max(MinimumPayloadSize, _length + needed), clear: false);
        }
    }

    // Empty batches still hand out a rented array so that EventBatch.Dispose has one rule.
    private static T[] RentIfEmpty<T>(ArrayPool<T> pool, T[] buffer) => buffer.Length > 0 ? buffer : pool.Rent(1);

    private static T[] Grow<T>(ArrayPool<T> pool, T[] buffer, int used, int minimum, bool clear)
    {
        var bigger = pool.Rent(Math.Max(minimum, buffer.Length * 2));
        buffer.AsSpan(0, used).CopyTo(bigger);
        if (buffer.Length > 0)
        {
            pool.Return(buffer, clear);
        }

        return bigger;
    }
}
