using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace KinesisFlow.Aws.Tests.EventStream;

/// <summary>
/// Builds frames byte by byte, independently of the encoder under test. The CRC oracle is gzip's trailer (CRC-32 of
/// the uncompressed data, little-endian), i.e. the BCL's own zlib, not the CRC-32 the codec uses.
/// </summary>
internal static class EventStreamBytes
{
    public static uint GzipCrc32(ReadOnlySpan<byte> data)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }

        var bytes = compressed.ToArray();
        return BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(bytes.Length - 8));
    }

    /// <summary>One string header, written by hand: name length, name, type 7, u16 length, UTF-8 value.</summary>
    public static byte[] StringHeader(string name, string value)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var valueBytes = Encoding.UTF8.GetBytes(value);
        var header = new byte[1 + nameBytes.Length + 1 + 2 + valueBytes.Length];
        header[0] = (byte)nameBytes.Length;
        nameBytes.CopyTo(header, 1);
        header[1 + nameBytes.Length] = 7;
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(2 + nameBytes.Length), (ushort)valueBytes.Length);
        valueBytes.CopyTo(header, 4 + nameBytes.Length);
        return header;
    }

    /// <summary>A whole frame around an already-encoded headers section, with correct CRCs.</summary>
    public static byte[] Frame(byte[] headersSection, byte[] payload)
    {
        var total = 12 + headersSection.Length + payload.Length + 4;
        var frame = new byte[total];
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)total);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), (uint)headersSection.Length);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(8), GzipCrc32(frame.AsSpan(0, 8)));
        headersSection.CopyTo(frame, 12);
        payload.CopyTo(frame, 12 + headersSection.Length);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(total - 4), GzipCrc32(frame.AsSpan(0, total - 4)));
        return frame;
    }

    /// <summary>A prelude (12 bytes) announcing the given lengths, with a correct prelude CRC.</summary>
    public static byte[] Prelude(uint totalLength, uint headersLength)
    {
        var prelude = new byte[12];
        BinaryPrimitives.WriteUInt32BigEndian(prelude, totalLength);
        BinaryPrimitives.WriteUInt32BigEndian(prelude.AsSpan(4), headersLength);
        BinaryPrimitives.WriteUInt32BigEndian(prelude.AsSpan(8), GzipCrc32(prelude.AsSpan(0, 8)));
        return prelude;
    }

    /// <summary>A SubscribeToShardEvent frame as Kinesis sends it.</summary>
    public static byte[] SubscribeToShardEvent(string json) => Frame(
        [
            .. StringHeader(":event-type", "SubscribeToShardEvent"),
            .. StringHeader(":content-type", "application/json"),
            .. StringHeader(":message-type", "event"),
        ],
        Encoding.UTF8.GetBytes(json));
}
