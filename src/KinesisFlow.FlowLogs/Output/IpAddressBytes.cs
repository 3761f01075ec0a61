using System.Buffers.Text;

namespace KinesisFlow.FlowLogs.Output;

/// <summary>
/// Reads an IPv4 or IPv6 address written as text (UTF-8) into its network-order bytes, without the
/// <see cref="System.Net.IPAddress"/> object parsing would allocate per line. Accepts dotted quads, and IPv6 in
/// full, with one <c>::</c>, and with a trailing dotted quad (<c>::ffff:192.0.2.1</c>); no zone ids.
/// </summary>
internal static class IpAddressBytes
{
    /// <summary>Writes 4 or 16 bytes into <paramref name="destination"/> (16 bytes long) and returns how many; 0 when not an address.</summary>
    public static int Parse(ReadOnlySpan<byte> text, Span<byte> destination) =>
        text.Contains((byte)':') ? (TryParseV6(text, destination) ? 16 : 0) : (TryParseV4(text, destination) ? 4 : 0);

    private static bool TryParseV4(ReadOnlySpan<byte> text, Span<byte> destination)
    {
        var count = 0;
        foreach (var range in text.Split((byte)'.'))
        {
            var part = text[range];
            if (count == 4 || part.IsEmpty || part.Length > 3 || !Utf8Parser.TryParse(part, out int octet, out var consumed)
                || consumed != part.Length || octet > 255 || part[0] is (byte)'+' or (byte)'-')
            {
                return false;
            }

            destination[count++] = (byte)octet;
        }

        return count == 4;
    }

    private static bool TryParseV6(ReadOnlySpan<byte> text, Span<byte> destination)
    {
        Span<ushort> groups = stackalloc ushort[8];
        var count = 0;
        var gap = -1; // the group index where "::" stands
        var i = 0;
        if (text.StartsWith("::"u8))
        {
            gap = 0;
            i = 2;
        }
        else if (text.IsEmpty || text[0] == (byte)':')
        {
            return false;
        }

        while (i < text.Length)
        {
            var end = text[i..].IndexOf((byte)':');
            end = end < 0 ? text.Length : i + end;
            var part = text[i..end];
            if (part.Contains((byte)'.'))
            {
                // A dotted quad ends the address and fills two groups.
                Span<byte> v4 = stackalloc byte[4];
                if (end != text.Length || count > 6 || !TryParseV4(part, v4))
                {
                    return false;
                }

                groups[count++] = (ushort)((v4[0] << 8) | v4[1]);
                groups[count++] = (ushort)((v4[2] << 8) | v4[3]);
                break;
            }

            if (count == 8 || part.IsEmpty || part.Length > 4 || !Utf8Parser.TryParse(part, out ushort group, out var consumed, 'x') || consumed != part.Length)
            {
                return false;
            }

            groups[count++] = group;
            if (end == text.Length)
            {
                break;
            }

            i = end + 1;
            if (i < text.Length && text[i] == (byte)':')
            {
                if (gap >= 0)
                {
                    return false;
                }

                gap = count;
                i++;
            }
            else if (i == text.Length)
            {
                return false; // a single trailing colon
            }
        }

        if (gap < 0 ? count != 8 : count > 7)
        {
            return false;
        }

        // Groups after the gap move to the end; the gap is zeros.
        var missing = 8 - count;
        for (var g = 0; g < 8; g++)
        {
            var value = gap < 0 || g < gap ? groups[g] : g < gap + missing ? (ushort)0 : groups[g - missing];
            destination[g * 2] = (byte)(value >> 8);
            destination[(g * 2) + 1] = (byte)value;
        }

        return true;
    }
}
