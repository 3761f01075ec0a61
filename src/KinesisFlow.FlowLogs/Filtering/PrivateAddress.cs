using System.Buffers.Text;

namespace KinesisFlow.FlowLogs.Filtering;

/// <summary>
/// Recognises private and local addresses straight from the UTF-8 text of a flow record, without parsing into an
/// <see cref="System.Net.IPAddress"/> (which would allocate per line).
/// </summary>
internal static class PrivateAddress
{
    /// <summary>
    /// True for 10/8, 172.16/12, 192.168/16, 100.64/10 (shared address space), 127/8, 169.254/16, and for IPv6
    /// ::1, fc00::/7 (unique local) and fe80::/10 (link-local). Anything unparsable counts as not private.
    /// </summary>
    public static bool IsPrivate(ReadOnlySpan<byte> address) =>
        address.Contains((byte)':') ? IsPrivateV6(address) : IsPrivateV4(address);

    private static bool IsPrivateV4(ReadOnlySpan<byte> address)
    {
        Span<int> octets = stackalloc int[4];
        var index = 0;
        foreach (var range in address.Split((byte)'.'))
        {
            if (index == 4 || !Utf8Parser.TryParse(address[range], out int octet, out var consumed)
                || consumed != range.End.Value - range.Start.Value || octet is < 0 or > 255)
            {
                return false;
            }

            octets[index++] = octet;
        }

        if (index != 4)
        {
            return false;
        }

        return octets[0] switch
        {
            10 or 127 => true,
            172 => octets[1] is >= 16 and <= 31,
            192 => octets[1] == 168,
            100 => octets[1] is >= 64 and <= 127,
            169 => octets[1] == 254,
            _ => false,
        };
    }

    private static bool IsPrivateV6(ReadOnlySpan<byte> address)
    {
        if (address.SequenceEqual("::1"u8))
        {
            return true;
        }

        var colon = address.IndexOf((byte)':');
        if (colon is <= 0 or > 4 || !Utf8Parser.TryParse(address[..colon], out ushort first, out var consumed, 'x') || consumed != colon)
        {
            return false;
        }

        return (first & 0xFE00) == 0xFC00 || (first & 0xFFC0) == 0xFE80;
    }
}
