using KinesisFlow.Consumer.Retrieval;

namespace KinesisFlow.TestKit.Fakes;

/// <summary>
/// A cursor over an <see cref="InMemoryShard"/> that keeps <see cref="IShardReader"/>'s contract as the real readers
/// do: records in order without gaps or repeats, a read waits (cancellably) while there is nothing new, the shard's
/// end is reported once with its children, and a read after that end, after dispose, or two reads at once, fail the
/// test loudly instead of passing silently.
/// </summary>
public sealed class InMemoryShardReader : IShardReader
{
    private readonly InMemoryShard _shard;
    private int _next;
    private int _reading;
    private bool _ended;
    private bool _disposed;

    internal InMemoryShardReader(InMemoryShard shard, int next)
    {
        _shard = shard;
        _next = next;
    }

    /// <summary>Reads that returned.</summary>
    public int Reads { get; private set; }

    public bool IsDisposed => Volatile.Read(ref _disposed);

    public async ValueTask<ShardReadResult> ReadAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_ended)
        {
            throw new InvalidOperationException($"{_shard.ShardId}: read again after the shard's end was reported.");
        }

        if (Interlocked.Exchange(ref _reading, 1) != 0)
        {
            throw new InvalidOperationException($"{_shard.ShardId}: two reads at once on one reader.");
        }

        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (records, endedWith, behind, changed) = _shard.Take(_next);
                if (records.Count > 0 || endedWith is not null)
                {
                    _next += records.Count;
                    _ended = endedWith is not null;
                    Reads++;
                    return new ShardReadResult(records, behind, _ended, endedWith ?? []);
                }

                // Caught up: wait for the next append (as a fan-out subscription does), not a busy loop of empty reads.
                await changed.WaitAsync(cancellationToken);
            }
        }
        finally
        {
            Volatile.Write(ref _reading, 0);
        }
    }

    public ValueTask DisposeAsync()
    {
        Volatile.Write(ref _disposed, true);
        return ValueTask.CompletedTask;
    }
}
