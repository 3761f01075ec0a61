using System.Net;
using System.Text;
using KinesisFlow.FlowLogs.Output;

namespace KinesisFlow.FlowLogs.Tests.Output;

/// <summary>
/// Community ID v1 against the specification's published results (github.com/corelight/community-id-spec: the
/// default-settings table of baseline/README.md, and tuples of baseline/baseline_deflt.json whose ports are the
/// packets' own), restated here as flow tuples: both directions of a flow must give the spec's id, one-way ICMP
/// must keep its direction, and port-less protocols hash without ports.
/// </summary>
public sealed class CommunityIdTests
{
    // protocol, source, destination, source port (ICMP type), destination port (ICMP code), expected id
    public static TheoryData<int, string, string, int, int, string> SpecificationVectors => new()
    {
        { 6, "1.2.3.4", "5.6.7.8", 1122, 3344, "1:wCb3OG7yAFWelaUydu0D+125CLM=" },
        { 6, "5.6.7.8", "1.2.3.4", 3344, 1122, "1:wCb3OG7yAFWelaUydu0D+125CLM=" },
        { 17, "1.2.3.4", "5.6.7.8", 1122, 3344, "1:0Mu9InQx6z4ZiCZM/7HXi2WMhOg=" },
        { 17, "5.6.7.8", "1.2.3.4", 3344, 1122, "1:0Mu9InQx6z4ZiCZM/7HXi2WMhOg=" },
        { 132, "1.2.3.4", "5.6.7.8", 1122, 3344, "1:EKt4MsxuyaE6mL+hmrEkQ9csDD8=" },
        { 132, "5.6.7.8", "1.2.3.4", 3344, 1122, "1:EKt4MsxuyaE6mL+hmrEkQ9csDD8=" },
        { 1, "1.2.3.4", "5.6.7.8", 8, 0, "1:crodRHL2FEsHjbv3UkRrfbs4bZ0=" }, // echo request ...
        { 1, "5.6.7.8", "1.2.3.4", 0, 0, "1:crodRHL2FEsHjbv3UkRrfbs4bZ0=" }, // ... and its reply: one flow
        { 1, "1.2.3.4", "5.6.7.8", 11, 0, "1:f/YiSyWqczrTgfUCZlBUnvHRcPk=" }, // time exceeded: one-way
        { 58, "fe80:0001:0203:0405:0607:0809:0A0B:0C0D", "fe80:1011:1213:1415:1617:1819:1A1B:1C1D", 128, 0, "1:0bf7hyMJUwt3fMED7z8LIfRpBeo=" },
        { 58, "fe80:1011:1213:1415:1617:1819:1A1B:1C1D", "fe80:0001:0203:0405:0607:0809:0A0B:0C0D", 129, 0, "1:0bf7hyMJUwt3fMED7z8LIfRpBeo=" },
        { 58, "fe80:0001:0203:0405:0607:0809:0A0B:0C0D", "fe80:1011:1213:1415:1617:1819:1A1B:1C1D", 146, 0, "1:fYC8+pz24E+EhANP1EZhpX0Dw10=" },
        { 46, "1.2.3.4", "5.6.7.8", 0, 0, "1:ikv3kmf89luf73WPz1jOs49S768=" }, // RSVP: no ports
        { 46, "5.6.7.8", "1.2.3.4", 0, 0, "1:ikv3kmf89luf73WPz1jOs49S768=" },
        { 46, "fe80:0001:0203:0405:0607:0809:0A0B:0C0D", "fe80:1011:1213:1415:1617:1819:1A1B:1C1D", 0, 0, "1:wQ/2mwrnXP4lmJcHdGL5ePjR+e0=" },
        { 6, "2001:470:e5bf:dead:4957:2174:e82c:4887", "2607:f8b0:400c:c03::1a", 63943, 25, "1:/qFaeAR+gFe1KYjMzVDsMv+wgU4=" },
        { 6, "2607:f8b0:400c:c03::1a", "2001:470:e5bf:dead:4957:2174:e82c:4887", 25, 63943, "1:/qFaeAR+gFe1KYjMzVDsMv+wgU4=" },
        { 17, "192.168.1.52", "8.8.8.8", 54585, 53, "1:d/FP5EW3wiY1vCndhwleRRKHowQ=" },
        { 17, "8.8.8.8", "192.168.1.52", 53, 54585, "1:d/FP5EW3wiY1vCndhwleRRKHowQ=" },
        { 132, "192.168.170.8", "192.168.170.56", 7, 7, "1:MP2EtRCAUIZvTw6MxJHLV7N7JDs=" },
        { 132, "192.168.170.56", "192.168.170.8", 7, 7, "1:MP2EtRCAUIZvTw6MxJHLV7N7JDs=" },
        { 1, "10.0.0.1", "10.0.0.2", 11, 0, "1:YHxtAirCG//0OzkcVAukqKQN9xM=" },
        { 58, "3ffe:501:1800:2345::2", "3ffe:507:0:1:200:86ff:fe05:80da", 3, 0, "1:2ObVBgIn28oZvibYZhZMBgh7WdQ=" },
        { 58, "3ffe:501:410:0:2c0:dfff:fe47:33e", "3ffe:507:0:1:200:86ff:fe05:80da", 1, 4, "1:hLZd0XGWojozrvxqE0dWB1iM6R0=" },
    };

    [Theory]
    [MemberData(nameof(SpecificationVectors))]
    public void Matches_the_specifications_baseline(int protocol, string source, string destination, int sourcePort, int destinationPort, string expected)
    {
        Span<byte> hash = stackalloc byte[CommunityId.HashLength];

        Assert.True(CommunityId.TryHash(protocol, Encoding.ASCII.GetBytes(source), Encoding.ASCII.GetBytes(destination), true, sourcePort, destinationPort, hash));
        Assert.Equal(expected, "1:" + Convert.ToBase64String(hash));
    }

    [Fact]
    public void The_ecs_output_carries_the_id_of_the_flow_lines_five_tuple()
    {
        // The spec's TCP tuple and its ICMP echo request, as flow lines (ICMP type and code in srcport/dstport).
        var tcp = "2 123456789010 eni-1235b8ca123456789 5.6.7.8 1.2.3.4 3344 1122 6 20 4249 1418530010 1418530070 ACCEPT OK";
        var icmp = "2 123456789010 eni-1235b8ca123456789 1.2.3.4 5.6.7.8 8 0 1 4 336 1432917027 1432917142 ACCEPT OK";
        var writer = new EcsFlowRecordWriter();

        Assert.Contains("\"community_id\":\"1:wCb3OG7yAFWelaUydu0D+125CLM=\"", EcsOcsfSamples.WriteOne(writer, FlowLogFormat.DefaultV2, tcp), StringComparison.Ordinal);
        Assert.Contains("\"community_id\":\"1:crodRHL2FEsHjbv3UkRrfbs4bZ0=\"", EcsOcsfSamples.WriteOne(writer, FlowLogFormat.DefaultV2, icmp), StringComparison.Ordinal);
        Assert.DoesNotContain("community_id", EcsOcsfSamples.WriteOne(writer, FlowLogFormat.DefaultV2, EcsOcsfSamples.V2NoData), StringComparison.Ordinal);
    }

    [Fact]
    public void The_one_block_sha1_agrees_with_the_platforms_for_every_length_it_takes()
    {
        var random = new Random(12);
        Span<byte> ours = stackalloc byte[ShortSha1.HashLength];
        for (var length = 0; length <= ShortSha1.MaxMessageLength; length++)
        {
            var message = new byte[length];
            random.NextBytes(message);
            ShortSha1.Hash(message, ours);
#pragma warning disable CA5350 // the reference implementation of the same (non-security) hash
            Assert.Equal(System.Security.Cryptography.SHA1.HashData(message), ours.ToArray());
#pragma warning restore CA5350
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => ShortSha1.Hash(new byte[56], new byte[20]));
    }

    [Theory]
    [InlineData(6, "1.2.3.4", "2001:db8::1")] // mixed families
    [InlineData(6, "1.2.3", "5.6.7.8")]
    [InlineData(6, "1.2.3.4", "not-an-ip")]
    public void Gives_no_id_for_a_tuple_it_cannot_read(int protocol, string source, string destination)
    {
        Span<byte> hash = stackalloc byte[CommunityId.HashLength];

        Assert.False(CommunityId.TryHash(protocol, Encoding.ASCII.GetBytes(source), Encoding.ASCII.GetBytes(destination), true, 1, 2, hash));
        Assert.False(CommunityId.TryHash(6, "1.2.3.4"u8, "5.6.7.8"u8, false, 0, 0, hash)); // TCP without ports
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("255.255.255.255")]
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("1::")]
    [InlineData("2001:db8::8a2e:370:7334")]
    [InlineData("2001:0db8:0000:0000:0000:ff00:0042:8329")]
    [InlineData("::ffff:192.0.2.128")]
    [InlineData("64:ff9b::198.51.100.7")]
    [InlineData("FE80::ABCD:1")]
    [InlineData("1:2:3:4:5:6:7::")]
    [InlineData("::2:3:4:5:6:7:8")]
    public void Reads_addresses_as_the_framework_does(string text)
    {
        Span<byte> bytes = stackalloc byte[16];
        var length = IpAddressBytes.Parse(Encoding.ASCII.GetBytes(text), bytes);

        Assert.Equal(IPAddress.Parse(text).GetAddressBytes(), bytes[..length].ToArray());
    }

    [Theory]
    [InlineData("")]
    [InlineData("1.2.3.256")]
    [InlineData("1.2.3.4.5")]
    [InlineData("1..3.4")]
    [InlineData("1:2:3:4:5:6:7:8:9")]
    [InlineData("1::2::3")]
    [InlineData(":1:2:3:4:5:6:7")]
    [InlineData("1:2:3:4:5:6:7:")]
    [InlineData("12345::1")]
    [InlineData("::g")]
    [InlineData("1:2:3:4:5:6:7:1.2.3.4")]
    [InlineData("-")]
    public void Rejects_what_is_not_an_address(string text)
    {
        Span<byte> bytes = stackalloc byte[16];

        Assert.Equal(0, IpAddressBytes.Parse(Encoding.ASCII.GetBytes(text), bytes));
    }
}
