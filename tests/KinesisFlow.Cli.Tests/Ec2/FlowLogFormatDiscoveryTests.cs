using Amazon.EC2;
using KinesisFlow.Aws;
using KinesisFlow.Aws.Ec2;

namespace KinesisFlow.Cli.Tests.Ec2;

public sealed class FlowLogFormatDiscoveryTests
{
    private const string Custom = "${version} ${vpc-id} ${subnet-id} ${srcaddr} ${dstaddr} ${action} ${tcp-flags} ${flow-direction}";
    private const string TransitGateway = "${version} ${resource-type} ${tgw-id} ${srcaddr} ${dstaddr} ${packets} ${bytes}";

    [Fact]
    public async Task Every_page_of_cloud_watch_logs_flow_logs_is_read_with_its_format()
    {
        await using var ec2 = await FakeEc2FlowLogs.StartAsync(pageSize: 2);
        ec2.FlowLogs.AddRange(
        [
            new("fl-1", "vpc-1", "cloud-watch-logs", "/vpc/flow-logs/vpc-1", Custom),
            new("fl-2", "vpc-2", "s3", null, Custom),
            new("fl-3", "vpc-3", "cloud-watch-logs", "/vpc/flow-logs/vpc-3", null),
            new("fl-4", "tgw-1", "cloud-watch-logs", "/tgw/flow-logs", TransitGateway),
            new("fl-5", "vpc-5", "kinesis-data-firehose", null, null),
            new("fl-6", "subnet-6", "cloud-watch-logs", "/vpc/flow-logs/vpc-1", Custom),
        ]);
        using var discovery = FlowLogFormatDiscovery.Create(Options(ec2));

        var found = await discovery.DiscoverAsync(CancellationToken.None);

        Assert.Equal(
            [
                new("/vpc/flow-logs/vpc-1", Custom, "fl-1", "vpc-1"),
                new("/vpc/flow-logs/vpc-3", FlowLogFormatDiscovery.DefaultFormat, "fl-3", "vpc-3"),
                new("/tgw/flow-logs", TransitGateway, "fl-4", "tgw-1"),
                new DiscoveredFlowLogFormat("/vpc/flow-logs/vpc-1", Custom, "fl-6", "subnet-6"),
            ],
            found);
        Assert.Equal(2, ec2.Calls.Count);
        Assert.All(ec2.Calls, call => Assert.Equal(("log-destination-type", "cloud-watch-logs"), (call["Filter.1.Name"], call["Filter.1.Value.1"])));
        Assert.False(ec2.Calls[0].ContainsKey("NextToken"));
        Assert.Equal("2", ec2.Calls[1]["NextToken"]);
    }

    [Fact]
    public async Task Errors_surface_with_the_service_error_code()
    {
        await using var ec2 = await FakeEc2FlowLogs.StartAsync(pageSize: 10);
        var options = Options(ec2);
        options.AccessKeyId = null;
        options.SecretAccessKey = null;
        options.Credentials = new Amazon.Runtime.AnonymousAWSCredentials();
        using var discovery = FlowLogFormatDiscovery.Create(options);

        var error = await Assert.ThrowsAsync<AmazonEC2Exception>(() => discovery.DiscoverAsync(CancellationToken.None));
        Assert.Equal("AuthFailure", error.ErrorCode);
    }

    [Fact]
    public void Map_gives_one_format_per_log_group_and_sets_aside_groups_with_several()
    {
        var map = FlowLogFormatMap.From(
        [
            new("/a", Custom, "fl-1", "vpc-1"),
            new("/a", Custom, "fl-2", "subnet-2"),
            new("/b", TransitGateway, "fl-3", "tgw-1"),
            new("/c", Custom, "fl-4", "vpc-4"),
            new("/c", FlowLogFormatDiscovery.DefaultFormat, "fl-5", "vpc-5"),
        ]);

        Assert.Equal(new Dictionary<string, string> { ["/a"] = Custom, ["/b"] = TransitGateway }, map.Formats);
        Assert.Equal([FlowLogFormatDiscovery.DefaultFormat, Custom], Assert.Single(map.Conflicts).Value.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Ec2_operations_catalog_names_the_api()
    {
        Assert.Equal("DescribeFlowLogs", Ec2Operations.DescribeFlowLogs);
    }

    private static AwsClientOptions Options(FakeEc2FlowLogs ec2) => new()
    {
        Region = "eu-west-1",
        ServiceUrl = ec2.Endpoint,
        AccessKeyId = "AKIDEXAMPLE",
        SecretAccessKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        MaxAttempts = 1,
    };
}
