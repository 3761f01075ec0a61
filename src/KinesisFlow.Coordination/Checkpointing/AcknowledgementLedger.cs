namespace KinesisFlow.Coordination.Checkpointing;

/// <summary>
/// Tracks, for one shard, which records are fully handled, so that a checkpoint never passes an unacknowledged event.
/// Records are registered in stream order with the number of acknowledgements they need (events × sinks, plus one per
/// dead letter); acknowledgements may arrive in any order; <see cref="CompletedThrough"/> is the sequence number of the
/// last record such that it and every record before it are complete.
/// Not thread-safe: the owner serialises calls (one lock per shard).
/// </summary>
public sealed class AcknowledgementLedger
{
    private string[] _sequenceNumbers = new string[16];
    private int[] _remaining = new int[16];
    private long _headTicket;
    private int _head;
    private int _count;

    /// <summary>The sequence number through which every record is complete; null until a record completes.</summary>
    public string? CompletedThrough { get; private set; }

    /// <summary>Records completed since this ledger began (for count-based checkpoint batching).</summary>
    public long CompletedRecords { get; private set; }

    /// <summary>Records registered and not yet part of the completed prefix.</summary>
    public int InFlight => _count;

    /// <summary>
    /// Adds the next record in stream order needing <paramref name="acknowledgements"/> before it is complete (zero for a
    /// record with nothing to deliver, e.g. a CONTROL_MESSAGE); returns its ticket for <see cref="Acknowledge"/>.
    /// </summary>
    public long Register(string sequenceNumber, int acknowledgements)
    {
        ArgumentException.ThrowIfNullOrEmpty(sequenceNumber);
        ArgumentOutOfRangeException.ThrowIfNegative(acknowledgements);
        if (_count == _remaining.Length)
        {
            Grow();
        }

        var slot = (_head + _count) % _remaining.Length;
        _sequenceNumbers[slot] = sequenceNumber;
        _remaining[slot] = acknowledgements;
        var ticket = _headTicket + _count;
        _count++;
        AdvanceCompletedPrefix();
        return ticket;
    }

    /// <summary>Records <paramref name="acknowledgements"/> more for the record of <paramref name="ticket"/>.</summary>
    /// <exception cref="InvalidOperationException">The ticket is unknown or already complete, or the record would be over-acknowledged: a bug in the caller.</exception>
    public void Acknowledge(long ticket, int acknowledgements)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(acknowledgements);
        var offset = ticket - _headTicket;
        if (offset < 0 || offset >= _count)
        {
            throw new InvalidOperationException($"Ticket {ticket} is not awaiting acknowledgements.");
        }

        var slot = (int)((_head + offset) % _remaining.Length);
        if (_remaining[slot] < acknowledgements)
        {
            throw new InvalidOperationException(
                $"Ticket {ticket} awaits {_remaining[slot]} acknowledgements; {acknowledgements} were given.");
        }

        _remaining[slot] -= acknowledgements;
        AdvanceCompletedPrefix();
    }

    private void AdvanceCompletedPrefix()
    {
        while (_count > 0 && _remaining[_head] == 0)
        {
            CompletedThrough = _sequenceNumbers[_head];
            _sequenceNumbers[_head] = null!;
            _head = (_head + 1) % _remaining.Length;
            _headTicket++;
            _count--;
            CompletedRecords++;
        }
    }

    private void Grow()
    {
        var sequenceNumbers = new string[_remaining.Length * 2];
        var remaining = new int[_remaining.Length * 2];
        for (var i = 0; i < _count; i++)
        {
            var slot = (_head + i) % _remaining.Length;
            sequenceNumbers[i] = _sequenceNumbers[slot];
            remaining[i] = _remaining[slot];
        }

        _sequenceNumbers = sequenceNumbers;
        _remaining = remaining;
        _head = 0;
    }
}
