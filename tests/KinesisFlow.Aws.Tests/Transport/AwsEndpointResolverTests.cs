namespace KinesisFlow.Aws.Tests.Transport;

public sealed class AwsEndpointResolverTests
{
    [Theory]
    [InlineData("kinesis", "eu-west-1", false, false, "https://kinesis.eu-west-1.amazonaws.com/")]
    [InlineData("kinesis", "us-east-1", true, false, "https://kinesis-fips.us-east-1.amazonaws.com/")]
    [InlineData("kinesis", "us-east-1", false, true, "https://kinesis.us-east-1.api.aws/")]
    [InlineData("kinesis", "us-east-1", true, true, "https://kinesis-fips.us-east-1.api.aws/")]
    [InlineData("kinesis", "cn-north-1", false, false, "https://kinesis.cn-north-1.amazonaws.com.cn/")]
    [InlineData("logs", "cn-northwest-1", false, true, "https://logs.cn-northwest-1.api.amazonwebservices.com.cn/")]
    [InlineData("kinesis", "us-gov-west-1", false, false, "https://kinesis.us-gov-west-1.amazonaws.com/")]
    [InlineData("logs", "us-gov-east-1", true, false, "https://logs-fips.us-gov-east-1.amazonaws.com/")]
    [InlineData("kinesis", "us-gov-west-1", true, true, "https://kinesis-fips.us-gov-west-1.api.aws/")]
    [InlineData("logs", "ap-southeast-7", false, false, "https://logs.ap-southeast-7.amazonaws.com/")]
    public void Regional_endpoints_follow_the_partition(string prefix, string region, bool fips, bool dualStack, string expected)
    {
        var endpoint = AwsEndpointResolver.Resolve(prefix, new AwsClientOptions { Region = region, UseFipsEndpoint = fips, UseDualStackEndpoint = dualStack });

        Assert.Equal(new Uri(expected), endpoint.Url);
        Assert.Equal(region, endpoint.SigningRegion.SystemName);
    }

    [Fact]
    public void An_explicit_service_url_wins_and_signs_for_the_configured_region()
    {
        var endpoint = AwsEndpointResolver.Resolve("kinesis", new AwsClientOptions
        {
            ServiceUrl = new Uri("http://127.0.0.1:4567"),
            Region = "eu-central-1",
            UseFipsEndpoint = true,
        });

        Assert.Equal(new Uri("http://127.0.0.1:4567/"), endpoint.Url);
        Assert.Equal("eu-central-1", endpoint.SigningRegion.SystemName);
    }

    [Fact]
    public void Dual_stack_is_refused_where_the_partition_has_none()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            AwsEndpointResolver.Resolve("kinesis", new AwsClientOptions { Region = "us-isob-east-1", UseDualStackEndpoint = true }));

        Assert.Contains("us-isob-east-1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Isolated_partitions_use_their_own_suffix()
    {
        var endpoint = AwsEndpointResolver.Resolve("kinesis", new AwsClientOptions { Region = "us-isob-east-1" });

        Assert.Equal(new Uri("https://kinesis.us-isob-east-1.sc2s.sgov.gov/"), endpoint.Url);
    }
}
