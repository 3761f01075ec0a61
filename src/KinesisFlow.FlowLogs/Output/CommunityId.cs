using System.Buffers.Binary;

namespace KinesisFlow.FlowLogs.Output;

/// <summary>
/// Community ID v1 (github.com/corelight/community-id-spec), seed 0: a SHA-1 over the flow's ordered endpoints,
/// IP protocol and ports, so that tools looking at the same flow agree on one id. Computed over stack buffers:
/// nothing is allocated per line, and the hash is <see cref="ShortSha1"/>'s (the input always fits one block).
/// </summary>
internal static class CommunityId
{
    /// <summary>The version prefix of every id (<c>1:</c>, then the base64 of the 20-byte hash).</summary>
    public static ReadOnlySpan<byte> Prefix => "1:"u8;

    public const int HashLength = 20;

    private const ushort Seed = 0;
    private const int Icmp = 1;
    private const int Tcp = 6;
    private const int Udp = 17;
    private const int Icmpv6 = 58;
    private const int Sctp = 132;

    /// <summary>
    /// The hash of a flow record's srcaddr/dstaddr, protocol and srcport/dstport into <paramref name="hash"/>
    /// (<see cref="HashLength"/> bytes); false when the record lacks an address or protocol, or the ports its
    /// protocol needs. For ICMP and ICMPv6 the record's srcport and dstport are read as the ICMP type and code.
    /// </summary>
    public static bool TryHash(in FlowRecord record, Span<byte> hash)
    {
        if (!(record.TryGet(FlowField.SrcAddr, out var source) && record.TryGet(FlowField.DstAddr, out var destination)
            && record.TryGetNumber(FlowField.Protocol, out var protocol) && protocol is >= 0 and <= 255))
        {
            return false;
        }

        var hasPorts = record.TryGetNumber(FlowField.SrcPort, out var sourcePort) & record.TryGetNumber(FlowField.DstPort, out var destinationPort);
        return TryHash((int)protocol, source, destination, hasPorts, (int)sourcePort, (int)destinationPort, hash);
    }

    /// <summary>
    /// The spec's computation over one flow tuple as text addresses. <paramref name="sourcePort"/> and
    /// <paramref name="destinationPort"/> are the ICMP type and code for ICMP and ICMPv6, and are ignored for
    /// protocols without ports.
    /// </summary>
    public static bool TryHash(int protocol, ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination, bool hasPorts, int sourcePort, int destinationPort, Span<byte> hash)
    {
        // seed (2) + two addresses (16 each) + protocol (1) + padding (1) + two ports (2 each).
        Span<byte> input = stackalloc byte[2 + 16 + 16 + 1 + 1 + 2 + 2];
        Span<byte> sourceBytes = stackalloc byte[16];
        Span<byte> destinationBytes = stackalloc byte[16];
        var length = IpAddressBytes.Parse(source, sourceBytes);
        if (length == 0 || IpAddressBytes.Parse(destination, destinationBytes) != length)
        {
            return false;
        }

        var usesPorts = protocol is Tcp or Udp or Sctp or Icmp or Icmpv6;
        if (usesPorts && !(hasPorts && sourcePort is >= 0 and <= 0xFFFF && destinationPort is >= 0 and <= 0xFFFF))
        {
            return false;
        }

        var oneWay = false;
        if (protocol is Icmp or Icmpv6)
        {
            // ICMP's "ports" are the type and the type of its answer (echo request 8 <-> reply 0, ...), which makes
            // both directions one flow; a type without a counterpart keeps its code and its direction.
            var counterpart = protocol == Icmp ? IcmpCounterpart(sourcePort) : Icmpv6Counterpart(sourcePort);
            oneWay = counterpart < 0;
            destinationPort = oneWay ? destinationPort : counterpart;
        }

        // The endpoints in a fixed order (the smaller address first, then the smaller port), so both directions of
        // a flow hash alike; one-way ICMP keeps its order.
        var order = sourceBytes[..length].SequenceCompareTo(destinationBytes[..length]);
        var swap = !oneWay && (order > 0 || (order == 0 && usesPorts && sourcePort > destinationPort));
        BinaryPrimitives.WriteUInt16BigEndian(input, Seed);
        var at = 2;
        (swap ? destinationBytes : sourceBytes)[..length].CopyTo(input[at..]);
        at += length;
        (swap ? sourceBytes : destinationBytes)[..length].CopyTo(input[at..]);
        at += length;
        if (swap)
        {
            (sourcePort, destinationPort) = (destinationPort, sourcePort);
        }

        input[at++] = (byte)protocol;
        input[at++] = 0;
        if (usesPorts)
        {
            BinaryPrimitives.WriteUInt16BigEndian(input[at..], (ushort)sourcePort);
            BinaryPrimitives.WriteUInt16BigEndian(input[(at + 2)..], (ushort)destinationPort);
            at += 4;
        }

        // SHA-1 is what Community ID v1 defines (an identifier, not a security measure).
        ShortSha1.Hash(input[..at], hash);
        return true;
    }

    // Zeek's ICMPv4 counterparts: echo, timestamp, information, router solicitation/advertisement, address mask.
    private static int IcmpCounterpart(int type) => type switch
    {
        8 => 0,
        0 => 8,
        13 => 14,
        14 => 13,
        15 => 16,
        16 => 15,
        10 => 9,
        9 => 10,
        17 => 18,
        18 => 17,
        _ => -1,
    };

    // Zeek's ICMPv6 counterparts: echo, router and neighbor discovery, MLD query/report, who-are-you, home agent discovery.
    private static int Icmpv6Counterpart(int type) => type switch
    {
        128 => 129,
        129 => 128,
        133 => 134,
        134 => 133,
        135 => 136,
        136 => 135,
        130 => 131,
        131 => 130,
        139 => 140,
        140 => 139,
        144 => 145,
        145 => 144,
        _ => -1,
    };
}
