using System.Buffers.Binary;
using System.Numerics;

namespace KinesisFlow.FlowLogs.Output;

/// <summary>
/// SHA-1 (FIPS 180-4) of a message that fits one 64-byte block (at most 55 bytes), computed on the stack. The
/// Community ID input is at most 40 bytes; hashing it here costs a few hundred nanoseconds, where the platform's
/// <c>SHA1.HashData</c> (a native call that sets up a digest context each time) made the <c>ecs</c> writer several
/// times slower per line. The tests check it against <c>SHA1.HashData</c>.
/// </summary>
internal static class ShortSha1
{
    public const int MaxMessageLength = 55;
    public const int HashLength = 20;

    public static void Hash(ReadOnlySpan<byte> message, Span<byte> hash)
    {
        if (message.Length > MaxMessageLength)
        {
            throw new ArgumentOutOfRangeException(nameof(message), message.Length, $"at most {MaxMessageLength} bytes fit one block");
        }

        // The one block: the message, a 1 bit, zeros, and the message length in bits (big-endian, last 8 bytes).
        Span<byte> block = stackalloc byte[64];
        block.Clear();
        message.CopyTo(block);
        block[message.Length] = 0x80;
        BinaryPrimitives.WriteUInt64BigEndian(block[56..], (ulong)message.Length * 8);

        Span<uint> w = stackalloc uint[80];
        for (var t = 0; t < 16; t++)
        {
            w[t] = BinaryPrimitives.ReadUInt32BigEndian(block[(t * 4)..]);
        }

        for (var t = 16; t < 80; t++)
        {
            w[t] = BitOperations.RotateLeft(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
        }

        uint a = 0x67452301, b = 0xEFCDAB89, c = 0x98BADCFE, d = 0x10325476, e = 0xC3D2E1F0;
        for (var t = 0; t < 80; t++)
        {
            var (f, k) = t switch
            {
                < 20 => ((b & c) | (~b & d), 0x5A827999u),
                < 40 => (b ^ c ^ d, 0x6ED9EBA1u),
                < 60 => ((b & c) | (b & d) | (c & d), 0x8F1BBCDCu),
                _ => (b ^ c ^ d, 0xCA62C1D6u),
            };
            var temp = BitOperations.RotateLeft(a, 5) + f + e + k + w[t];
            e = d;
            d = c;
            c = BitOperations.RotateLeft(b, 30);
            b = a;
            a = temp;
        }

        BinaryPrimitives.WriteUInt32BigEndian(hash, 0x67452301 + a);
        BinaryPrimitives.WriteUInt32BigEndian(hash[4..], 0xEFCDAB89 + b);
        BinaryPrimitives.WriteUInt32BigEndian(hash[8..], 0x98BADCFE + c);
        BinaryPrimitives.WriteUInt32BigEndian(hash[12..], 0x10325476 + d);
        BinaryPrimitives.WriteUInt32BigEndian(hash[16..], 0xC3D2E1F0 + e);
    }
}
