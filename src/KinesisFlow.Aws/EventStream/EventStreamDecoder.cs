using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.IO.Hashing;

namespace KinesisFlow.Aws.EventStream;

/// <summary>
/// Decodes application/vnd.amazon.eventstream messages, checking both CRCs. <see cref="TryRead"/> works on whatever
/// part of the stream has arrived; <see cref="EventStreamReader"/> drives it over a Stream or PipeReader.
/// </summary>
public static class EventStreamDecoder
{
    /// <summary>
    /// Takes one whole message from the front of <paramref name="buffer"/> and slices it off. Returns false, leaving
    /// the buffer as it is, when the message has not fully arrived yet.
    /// </summary>
    /// <exception cref="EventStreamFormatException">The bytes at the front are not a valid message.</exception>
    public static bool TryRead(
        ref ReadOnlySequence<byte> buffer, EventStreamLimits limits, [NotNullWhen(true)] out EventStreamMessage? message)
    {
        ArgumentNullException.ThrowIfNull(limits);
        message = null;
        if (buffer.Length < EventStreamFrame.PreludeLength)
        {
            return false;
        }

        Span<byte> prelude = stackalloc byte[EventStreamFrame.PreludeLength];
        buffer.Slice(0, EventStreamFrame.PreludeLength).CopyTo(prelude);
        var (totalLength, headersLength) = EventStreamFrame.ReadPrelude(prelude, limits);
        if (buffer.Length < totalLength)
        {
            return false;
        }

        var frame = buffer.Slice(0, totalLength);
        if (frame.IsSingleSegment)
        {
            message = DecodeChecked(frame.FirstSpan, headersLength);
        }
        else
        {
            // A message split across network reads: join it once in a pooled buffer (bounded by the limits above).
            var joined = ArrayPool<byte>.Shared.Rent(totalLength);
            try
            {
                frame.CopyTo(joined);
                message = DecodeChecked(joined.AsSpan(0, totalLength), headersLength);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(joined);
            }
        }

        buffer = buffer.Slice(totalLength);
        return true;
    }

    /// <summary>Decodes <paramref name="frame"/>, which must hold exactly one whole message.</summary>
    /// <exception cref="EventStreamFormatException">It does not.</exception>
    public static EventStreamMessage Decode(ReadOnlySpan<byte> frame, EventStreamLimits? limits = null)
    {
        if (frame.Length < EventStreamFrame.PreludeLength)
        {
            throw Truncated(frame.Length, EventStreamFrame.PreludeLength);
        }

        var (totalLength, headersLength) = EventStreamFrame.ReadPrelude(frame, limits ?? EventStreamLimits.Default);
        if (frame.Length < totalLength)
        {
            throw Truncated(frame.Length, totalLength);
        }

        if (frame.Length > totalLength)
        {
            throw new EventStreamFormatException(
                EventStreamFormatError.LengthOutOfRange,
                $"Event stream message announces {totalLength} bytes but {frame.Length} were given.");
        }

        return DecodeChecked(frame, headersLength);
    }

    internal static EventStreamFormatException Truncated(long available, long needed) =>
        new(EventStreamFormatError.Truncated,
            $"Event stream truncated: the stream ended {available} bytes into a message of {needed} bytes.");

    private static EventStreamMessage DecodeChecked(ReadOnlySpan<byte> frame, int headersLength)
    {
        var body = frame[..^EventStreamFrame.ChecksumLength];
        var expected = BinaryPrimitives.ReadUInt32BigEndian(frame[^EventStreamFrame.ChecksumLength..]);
        var actual = Crc32.HashToUInt32(body);
        if (actual != expected)
        {
            throw new EventStreamFormatException(
                EventStreamFormatError.MessageChecksumMismatch,
                $"Event stream message checksum mismatch (expected 0x{expected:X8}, computed 0x{actual:X8}).");
        }

        var afterPrelude = body[EventStreamFrame.PreludeLength..];
        var headers = EventStreamHeaderCodec.Read(afterPrelude[..headersLength]);
        return new EventStreamMessage(headers, afterPrelude[headersLength..].ToArray());
    }
}
