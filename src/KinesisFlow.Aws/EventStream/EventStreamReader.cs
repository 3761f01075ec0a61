using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace KinesisFlow.Aws.EventStream;

/// <summary>
/// Reads event stream messages one at a time as they arrive, e.g. from a SubscribeToShard response body. Memory is
/// bounded by <see cref="EventStreamLimits.MaxMessageLength"/> plus one read: a message is decoded as soon as its last
/// byte arrives and its bytes are released at once.
/// <code>
/// await using var events = new EventStreamReader(await response.Content.ReadAsStreamAsync(ct));
/// while (await events.ReadAsync(ct) is { } message) { ... }
/// </code>
/// </summary>
public sealed class EventStreamReader : IAsyncDisposable
{
    private readonly PipeReader _reader;
    private readonly EventStreamLimits _limits;
    private EventStreamFormatException? _fault;

    /// <summary>Reads from <paramref name="stream"/>; disposing the reader disposes the stream unless <paramref name="leaveOpen"/>.</summary>
    public EventStreamReader(Stream stream, EventStreamLimits? limits = null, bool leaveOpen = false)
        : this(PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: leaveOpen)), limits)
    {
    }

    public EventStreamReader(PipeReader reader, EventStreamLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        _reader = reader;
        _limits = limits ?? EventStreamLimits.Default;
    }

    /// <summary>The next message; null when the stream ends cleanly between messages.</summary>
    /// <exception cref="EventStreamFormatException">Corrupt or truncated; every later call throws the same.</exception>
    public async ValueTask<EventStreamMessage?> ReadAsync(CancellationToken cancellationToken = default)
    {
        if (_fault is not null)
        {
            throw _fault;
        }

        while (true)
        {
            var result = await _reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            try
            {
                if (EventStreamDecoder.TryRead(ref buffer, _limits, out var message))
                {
                    _reader.AdvanceTo(buffer.Start);
                    return message;
                }
            }
            catch (EventStreamFormatException e)
            {
                _reader.AdvanceTo(buffer.Start);
                _fault = e;
                throw;
            }

            if (result.IsCanceled)
            {
                // CancelPendingRead: the bytes so far stay for the next call.
                _reader.AdvanceTo(buffer.Start, buffer.End);
                throw new OperationCanceledException("The event stream read was cancelled.");
            }

            if (result.IsCompleted)
            {
                var leftover = buffer.Length;
                var expected = ExpectedLength(buffer);
                _reader.AdvanceTo(buffer.End);
                if (leftover == 0)
                {
                    return null;
                }

                _fault = EventStreamDecoder.Truncated(leftover, expected);
                throw _fault;
            }

            // Nothing usable yet: keep every byte, but ask for more before looking again.
            _reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>Every message until the stream ends.</summary>
    public async IAsyncEnumerable<EventStreamMessage> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (await ReadAsync(cancellationToken) is { } message)
        {
            yield return message;
        }
    }

    public ValueTask DisposeAsync() => _reader.CompleteAsync();

    // For the error message only: the announced length when the prelude arrived, else the prelude's own length.
    private static long ExpectedLength(ReadOnlySequence<byte> partial)
    {
        if (partial.Length < EventStreamFrame.PreludeLength)
        {
            return EventStreamFrame.PreludeLength;
        }

        Span<byte> prelude = stackalloc byte[4];
        partial.Slice(0, 4).CopyTo(prelude);
        return BinaryPrimitives.ReadUInt32BigEndian(prelude);
    }
}
