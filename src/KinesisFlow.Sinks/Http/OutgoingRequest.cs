using System.Buffers;

namespace KinesisFlow.Sinks;

/// <summary>
/// One request body being filled for a lane, then sent: events copied in with the lane's framing (pooled buffers),
/// where each came from, and the batches that wait on it.
/// </summary>
internal sealed class OutgoingRequest : IDisposable
{
    private readonly List<PendingBatch> _waiting = [];
    private byte[] _body;
    private int _length;
    private EventOrigin[] _events;
    private int _count;
    private bool _sealed;

    public OutgoingRequest(RequestLane lane, DateTimeOffset startedAt)
    {
        Lane = lane;
        StartedAt = startedAt;
        _body = ArrayPool<byte>.Shared.Rent(64 * 1024);
        _events = ArrayPool<EventOrigin>.Shared.Rent(256);
        Append(lane.Framing.Open);
    }

    public RequestLane Lane { get; }

    /// <summary>When the first event arrived: the linger time counts from here.</summary>
    public DateTimeOffset StartedAt { get; }

    public int Count => _count;

    /// <summary>The body so far (complete once sealed).</summary>
    public ReadOnlyMemory<byte> Body => _body.AsMemory(0, _length);

    /// <summary>Whether one more event of <paramref name="eventLength"/> bytes keeps the request within the limits.</summary>
    public bool Fits(int eventLength, HttpDeliveryOptions limits)
    {
        var separator = _count == 0 ? 0 : Lane.Framing.Separator.Length;
        return _count < limits.MaxEventsPerRequest
            && (long)_length + separator + eventLength + Lane.Framing.Close.Length <= limits.MaxRequestBytes;
    }

    public void Add(ReadOnlySpan<byte> payload, string shardId, in BatchRecord record, PendingBatch from)
    {
        if (_count > 0)
        {
            Append(Lane.Framing.Separator);
        }

        if (_count == _events.Length)
        {
            var bigger = ArrayPool<EventOrigin>.Shared.Rent(_events.Length * 2);
            _events.AsSpan(0, _count).CopyTo(bigger);
            ArrayPool<EventOrigin>.Shared.Return(_events, clearArray: true);
            _events = bigger;
        }

        _events[_count++] = new EventOrigin(shardId, record.SequenceNumber, record.LogGroup, record.Encoding, _length, payload.Length);
        Append(payload);

        // Events arrive batch by batch, so a batch already waiting on this request is always the last one added.
        if (_waiting.Count == 0 || !ReferenceEquals(_waiting[^1], from))
        {
            from.AddRequest();
            _waiting.Add(from);
        }
    }

    /// <summary>Closes the body; nothing more is added.</summary>
    public void Seal()
    {
        if (!_sealed)
        {
            Append(Lane.Framing.Close);
            _sealed = true;
        }
    }

    /// <summary>One dead letter per event, for a request the endpoint refused.</summary>
    public List<RejectedEvent> ToRejected(string sink, string format, string message, int status, string response)
    {
        var letters = new List<RejectedEvent>(_count);
        for (var i = 0; i < _count; i++)
        {
            var origin = _events[i];
            letters.Add(new RejectedEvent(RejectionReasons.Refused, message)
            {
                Sink = sink,
                ShardId = origin.ShardId,
                SequenceNumber = origin.SequenceNumber,
                LogGroup = origin.LogGroup,
                HttpStatus = status,
                HttpResponse = response,
                Format = format,
                Encoding = origin.Encoding,
                Data = _body.AsSpan(origin.Start, origin.Length).ToArray(),
            });
        }

        return letters;
    }

    /// <summary>Tells every waiting batch that this request is done with, successfully or not.</summary>
    public void Finish(Exception? failure)
    {
        foreach (var batch in _waiting)
        {
            if (failure is not null)
            {
                batch.Fail(failure);
            }

            batch.Release();
        }

        _waiting.Clear();
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_body);
        ArrayPool<EventOrigin>.Shared.Return(_events, clearArray: true);
        _body = [];
        _events = [];
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (_body.Length - _length < bytes.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_body.Length * 2, _length + bytes.Length));
            _body.AsSpan(0, _length).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_body);
            _body = bigger;
        }

        bytes.CopyTo(_body.AsSpan(_length));
        _length += bytes.Length;
    }
}
