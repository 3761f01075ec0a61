using System.Buffers.Binary;
using System.IO.Hashing;

namespace KinesisFlow.Aws.EventStream;

/// <summary>
/// The fixed parts of a message, all big-endian:
/// total length (4) | headers length (4) | prelude CRC (4, over the 8 bytes before it) | headers | payload | message CRC (4, over every byte before it).
/// </summary>
internal static class EventStreamFrame
{
    public const int PreludeLength = 12;
    public const int ChecksumLength = 4;

    /// <summary>A message with no headers and no payload.</summary>
    public const int MinimumLength = PreludeLength + ChecksumLength;

    /// <summary>Checks a 12-byte prelude and returns the lengths it announces.</summary>
    /// <exception cref="EventStreamFormatException">Bad prelude CRC, or lengths that are inconsistent or over the limits.</exception>
    public static (int TotalLength, int HeadersLength) ReadPrelude(ReadOnlySpan<byte> prelude, EventStreamLimits limits)
    {
        var total = BinaryPrimitives.ReadUInt32BigEndian(prelude);
        var headers = BinaryPrimitives.ReadUInt32BigEndian(prelude[4..]);
        var expected = BinaryPrimitives.ReadUInt32BigEndian(prelude[8..]);
        var actual = Crc32.HashToUInt32(prelude[..8]);
        if (actual != expected)
        {
            throw new EventStreamFormatException(
                EventStreamFormatError.PreludeChecksumMismatch,
                $"Event stream prelude checksum mismatch (expected 0x{expected:X8}, computed 0x{actual:X8}); the message lengths cannot be trusted.");
        }

        if (total < MinimumLength || total > (uint)limits.MaxMessageLength)
        {
            throw new EventStreamFormatException(
                EventStreamFormatError.LengthOutOfRange,
                $"Event stream message length {total} is outside {MinimumLength}..{limits.MaxMessageLength} bytes.");
        }

        if (headers > (uint)limits.MaxHeadersLength || headers > total - MinimumLength)
        {
            throw new EventStreamFormatException(
                EventStreamFormatError.LengthOutOfRange,
                $"Event stream headers length {headers} does not fit a message of {total} bytes (limit {limits.MaxHeadersLength}).");
        }

        return ((int)total, (int)headers);
    }

    public static void WritePrelude(Span<byte> destination, int totalLength, int headersLength)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)totalLength);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], (uint)headersLength);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], Crc32.HashToUInt32(destination[..8]));
    }
}
