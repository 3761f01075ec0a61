namespace KinesisFlow.Coordination.Lag;

/// <summary>
/// The arrival times (ApproximateArrivalTimestamp) of one shard's records that were read and are not yet acknowledged
/// by every sink, in stream order: records are added as they are read and removed in order as deliveries are
/// acknowledged (deliveries are acknowledged in stream order, so the removed ones are always the oldest). Kinesis
/// stamps arrival times in sequence order within a shard, so the first waiting record is the oldest one.
/// Consecutive records with the same arrival millisecond (a PutRecords batch) share one entry, so a 10,000-record read
/// usually costs a handful of entries. Not thread-safe: the owner serialises calls.
/// </summary>
public sealed class UnacknowledgedArrivals
{
    private long[] _arrivals = new long[16]; // Unix milliseconds
    private long[] _counts = new long[16];
    private int _head;
    private int _runs;

    /// <summary>Records read and not yet acknowledged.</summary>
    public long Count { get; private set; }

    /// <summary>The arrival time of the oldest waiting record; null when none waits.</summary>
    public DateTimeOffset? Oldest => _runs == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(_arrivals[_head]);

    /// <summary>Adds the next record read, in stream order.</summary>
    public void Read(DateTimeOffset arrival)
    {
        var millis = arrival.ToUnixTimeMilliseconds();
        if (_runs > 0)
        {
            var tail = (_head + _runs - 1) % _arrivals.Length;
            if (_arrivals[tail] == millis)
            {
                _counts[tail]++;
                Count++;
                return;
            }
        }

        if (_runs == _arrivals.Length)
        {
            Grow();
        }

        var slot = (_head + _runs) % _arrivals.Length;
        _arrivals[slot] = millis;
        _counts[slot] = 1;
        _runs++;
        Count++;
    }

    /// <summary>The oldest <paramref name="records"/> waiting records were acknowledged by every sink.</summary>
    /// <exception cref="InvalidOperationException">More records than are waiting: a bug in the caller.</exception>
    public void Acknowledged(long records)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(records);
        if (records > Count)
        {
            throw new InvalidOperationException($"{records} records acknowledged; only {Count} were waiting.");
        }

        Count -= records;
        while (records > 0)
        {
            var taken = Math.Min(records, _counts[_head]);
            _counts[_head] -= taken;
            records -= taken;
            if (_counts[_head] == 0)
            {
                _head = (_head + 1) % _arrivals.Length;
                _runs--;
            }
        }
    }

    private void Grow()
    {
        var arrivals = new long[_arrivals.Length * 2];
        var counts = new long[_arrivals.Length * 2];
        for (var i = 0; i < _runs; i++)
        {
            var slot = (_head + i) % _arrivals.Length;
            arrivals[i] = _arrivals[slot];
            counts[i] = _counts[slot];
        }

        _arrivals = arrivals;
        _counts = counts;
        _head = 0;
    }
}
