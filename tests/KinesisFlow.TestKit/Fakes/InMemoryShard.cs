using System.Globalization;
using System.Numerics;
using KinesisFlow.Aws;
using KinesisFlow.TestKit.Shapes;

namespace KinesisFlow.TestKit.Fakes;

/// <summary>
/// One shard held in memory, as Kinesis keeps it: records in order with increasing sequence numbers (56 digits, as
/// real ones), appended while readers read, and at most once closed, naming its children. Readers are cursors over it
/// (<see cref="OpenReader"/>); any number may read at once. Thread-safe.
/// </summary>
public sealed class InMemoryShard
{
    private static readonly BigInteger FirstSequence = BigInteger.Parse("49650000000000000000000000000000000000000000000000000001", CultureInfo.InvariantCulture);

    private readonly Lock _gate = new();
    private readonly List<KinesisRecord> _records = [];
    private readonly Queue<Exception> _failures = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IReadOnlyList<ChildShard>? _children;

    public InMemoryShard(string shardId, int maxRecordsPerRead = 10_000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRecordsPerRead, 1);
        ShardId = shardId;
        MaxRecordsPerRead = maxRecordsPerRead;
    }

    public string ShardId { get; }

    /// <summary>Most records one read returns (also never more than 10 MB, as GetRecords).</summary>
    public int MaxRecordsPerRead { get; }

    /// <summary>The records so far, in order.</summary>
    public IReadOnlyList<KinesisRecord> Records
    {
        get
        {
            lock (_gate)
            {
                return [.. _records];
            }
        }
    }

    /// <summary>The sequence number of the last record (null while empty).</summary>
    public string? LastSequenceNumber
    {
        get
        {
            lock (_gate)
            {
                return _records.Count == 0 ? null : _records[^1].SequenceNumber;
            }
        }
    }

    /// <summary>Appends a record and returns its sequence number.</summary>
    public string Append(ReadOnlyMemory<byte> data, string partitionKey = "flow-logs")
    {
        lock (_gate)
        {
            if (_children is not null)
            {
                throw new InvalidOperationException($"{ShardId} is closed: nothing can be appended.");
            }

            var sequence = (FirstSequence + _records.Count).ToString(CultureInfo.InvariantCulture);
            _records.Add(new KinesisRecord(sequence, DateTimeOffset.UnixEpoch, data, partitionKey, null));
            Changed();
            return sequence;
        }
    }

    /// <summary>Appends the records (their gzip'd data) and returns their sequence numbers.</summary>
    public IReadOnlyList<string> Append(IEnumerable<ShapedRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        return [.. records.Select(record => Append(record.Data))];
    }

    /// <summary>Closes the shard (a split or merge): readers that reach its end are told so, with these children.</summary>
    public void End(params ChildShard[] children)
    {
        lock (_gate)
        {
            _children ??= children;
            Changed();
        }
    }

    /// <summary>The next <paramref name="count"/> reads, by any reader, throw <paramref name="failure"/>'s exception.</summary>
    public void FailNextReads(int count, Func<Exception> failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        lock (_gate)
        {
            for (var i = 0; i < count; i++)
            {
                _failures.Enqueue(failure());
            }
        }
    }

    /// <summary>A reader from <paramref name="start"/> (TRIM_HORIZON, LATEST, AT_ or AFTER_SEQUENCE_NUMBER).</summary>
    public InMemoryShardReader OpenReader(StartingPosition start)
    {
        ArgumentNullException.ThrowIfNull(start);
        lock (_gate)
        {
            return new InMemoryShardReader(this, IndexOf(start));
        }
    }

    /// <summary>
    /// The records from <paramref name="next"/> that one read returns (within the read limits), whether the shard
    /// ended with them, and a task that completes when something changes (for a reader that found nothing).
    /// </summary>
    internal (List<KinesisRecord> Records, IReadOnlyList<ChildShard>? EndedWith, long Behind, Task Changed) Take(int next)
    {
        lock (_gate)
        {
            if (_failures.TryDequeue(out var failure))
            {
                throw failure;
            }

            var records = new List<KinesisRecord>();
            long bytes = 0;
            for (var i = next; i < _records.Count && records.Count < MaxRecordsPerRead; i++)
            {
                bytes += _records[i].Data.Length;
                if (records.Count > 0 && bytes > Shapes.KinesisLimits.MaxGetRecordsBytes)
                {
                    break;
                }

                records.Add(_records[i]);
            }

            var caughtUp = next + records.Count == _records.Count;
            return (records, caughtUp ? _children : null, caughtUp ? 0 : 1000, _changed.Task);
        }
    }

    private int IndexOf(StartingPosition start) => start.Type switch
    {
        StartingPositionType.TrimHorizon => 0,
        StartingPositionType.Latest => _records.Count,
        StartingPositionType.AtSequenceNumber => IndexOfSequence(start.SequenceNumber!),
        StartingPositionType.AfterSequenceNumber => IndexOfSequence(start.SequenceNumber!) + 1,
        _ => throw new NotSupportedException($"{start.Type} is not supported by the in-memory shard."),
    };

    private int IndexOfSequence(string sequenceNumber)
    {
        var index = _records.FindIndex(record => record.SequenceNumber == sequenceNumber);
        return index >= 0
            ? index
            : throw new InvalidOperationException($"{ShardId} has no record {sequenceNumber} (InvalidArgumentException from Kinesis).");
    }

    private void Changed()
    {
        var changed = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.TrySetResult();
    }
}
