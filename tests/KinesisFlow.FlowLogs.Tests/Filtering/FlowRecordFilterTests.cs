using KinesisFlow.FlowLogs.Filtering;
using KinesisFlow.FlowLogs.Tests.Output;
using KinesisFlow.FlowLogs.Tests.Support;

namespace KinesisFlow.FlowLogs.Tests.Filtering;

public sealed class FlowRecordFilterTests
{
    private const string PublicAccept = "2 123456789010 eni-1 203.0.113.12 172.31.16.139 443 49152 6 4 336 1432917027 1432917142 ACCEPT OK";
    private const string PrivateAccept = "2 123456789010 eni-1 10.0.0.1 192.168.1.7 443 49152 6 4 336 1432917027 1432917142 ACCEPT OK";
    private const string PrivateReject = "2 123456789010 eni-1 172.16.0.9 100.64.3.2 443 49152 6 4 336 1432917027 1432917142 REJECT OK";

    [Fact]
    public void Nothing_configured_keeps_everything()
    {
        Assert.False(FlowRecordFilter.None.IsActive);
        Assert.Equal(
            [PublicAccept, EcsOcsfSamples.V2NoData, PrivateReject],
            Kept(new FlowFilterOptions(), FlowLogFormat.DefaultV2, PublicAccept, EcsOcsfSamples.V2NoData, PrivateReject));
    }

    [Fact]
    public void Nodata_and_skipdata_can_be_dropped()
    {
        Assert.Equal(
            [PublicAccept],
            Kept(new FlowFilterOptions { DropNoData = true }, FlowLogFormat.DefaultV2, EcsOcsfSamples.V2NoData, PublicAccept, EcsOcsfSamples.V2SkipData));
    }

    [Fact]
    public void Records_whose_addresses_are_all_private_can_be_dropped()
    {
        var options = new FlowFilterOptions { DropPrivateOnly = true };

        Assert.Equal([PublicAccept, EcsOcsfSamples.V2NoData], Kept(options, FlowLogFormat.DefaultV2, PublicAccept, PrivateAccept, PrivateReject, EcsOcsfSamples.V2NoData));

        // Behind a NAT the interface addresses are private but the packet's destination is not: kept.
        Assert.Equal([EcsOcsfSamples.V5NatEgress], Kept(options, FlowLogFormat.DefaultV2WithV5Fields, EcsOcsfSamples.V5NatEgress));
    }

    [Fact]
    public void Actions_can_be_included_or_excluded()
    {
        Assert.Equal(
            [PrivateReject],
            Kept(new FlowFilterOptions { IncludeActions = ["REJECT"] }, FlowLogFormat.DefaultV2, PublicAccept, PrivateReject, EcsOcsfSamples.V2NoData));
        Assert.Equal(
            [PrivateReject, EcsOcsfSamples.V2NoData],
            Kept(new FlowFilterOptions { ExcludeActions = ["ACCEPT"] }, FlowLogFormat.DefaultV2, PublicAccept, PrivateReject, EcsOcsfSamples.V2NoData));
    }

    [Fact]
    public void Log_groups_can_be_included_or_excluded_by_name_or_glob()
    {
        var filter = new FlowRecordFilter(new FlowFilterOptions { IncludeLogGroups = ["/vpc/*"], ExcludeLogGroups = ["/vpc/test-*", "/vpc/lab"] });

        Assert.True(filter.AcceptsLogGroup("/vpc/prod"u8));
        Assert.False(filter.AcceptsLogGroup("/vpc/test-1"u8));
        Assert.False(filter.AcceptsLogGroup("/vpc/lab"u8));
        Assert.False(filter.AcceptsLogGroup("/aws/lambda/x"u8));
        Assert.Empty(Kept(new FlowFilterOptions { ExcludeLogGroups = [Records.LogGroup] }, FlowLogFormat.DefaultV2, PublicAccept));
    }

    [Fact]
    public void An_unknown_action_is_refused_naming_the_setting()
    {
        var error = Assert.Throws<ArgumentException>(() => new FlowRecordFilter(new FlowFilterOptions { IncludeActions = ["DROP"] }));

        Assert.Contains("IncludeActions: 'DROP'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.1.2.3", true)]
    [InlineData("172.16.0.1", true)]
    [InlineData("172.31.255.255", true)]
    [InlineData("172.32.0.1", false)]
    [InlineData("192.168.0.1", true)]
    [InlineData("192.169.0.1", false)]
    [InlineData("100.64.0.1", true)]
    [InlineData("100.128.0.1", false)]
    [InlineData("127.0.0.1", true)]
    [InlineData("169.254.169.254", true)]
    [InlineData("8.8.8.8", false)]
    [InlineData("10.1.2", false)]
    [InlineData("10.1.2.3.4", false)]
    [InlineData("10.1.2.256", false)]
    [InlineData("::1", true)]
    [InlineData("fd12:3456:789a::1", true)]
    [InlineData("fc00::1", true)]
    [InlineData("fe80::1ff:fe23:4567:890a", true)]
    [InlineData("2001:db8::1", false)]
    [InlineData("nonsense", false)]
    public void Private_addresses_are_recognised_from_their_text(string address, bool isPrivate)
    {
        Assert.Equal(isPrivate, PrivateAddress.IsPrivate(System.Text.Encoding.UTF8.GetBytes(address)));
    }

    private static List<string> Kept(FlowFilterOptions options, FlowLogFormat format, params string[] lines)
    {
        var filter = new FlowRecordFilter(options);
        var kept = new KeptLines(filter);
        using var decoder = new FlowRecordDecoder(format);
        decoder.Decode(Records.Data(lines), kept);
        return kept.Lines;
    }

    private sealed class KeptLines(FlowRecordFilter filter) : IFlowRecordHandler
    {
        public List<string> Lines { get; } = [];

        public void Handle(in FlowRecord record)
        {
            if (filter.Accepts(record))
            {
                Lines.Add(System.Text.Encoding.UTF8.GetString(record.Line));
            }
        }
    }
}
