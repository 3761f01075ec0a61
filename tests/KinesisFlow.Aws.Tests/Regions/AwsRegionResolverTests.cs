using KinesisFlow.Aws.Tests.Credentials;

namespace KinesisFlow.Aws.Tests.Regions;

/// <summary>
/// The one region order: configured (--region / setting), AWS_REGION, AWS_DEFAULT_REGION, the region of AWS_PROFILE's profile (--profile sets it), instance
/// metadata; and no default. Each source is taken away in turn to show that the next one answers. The shared config
/// file is this test process's own (<see cref="SharedAwsFiles"/>), never the machine's.
/// </summary>
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class AwsRegionResolverTests : IDisposable
{
    private readonly EnvironmentOverride _environment = new EnvironmentOverride()
        .Set("AWS_PROFILE", null)
        .Set("AWS_REGION", "eu-west-3")
        .Set("AWS_DEFAULT_REGION", "eu-south-1");

    [Fact]
    public void Each_source_answers_when_those_before_it_are_silent()
    {
        _environment.Set("AWS_PROFILE", SharedAwsFiles.RegionProfile);

        Assert.Equal("us-west-2", AwsRegionResolver.TryResolve("us-west-2", () => "ca-central-1"));
        Assert.Equal("eu-west-3", AwsRegionResolver.TryResolve(null, () => "ca-central-1"));
        _environment.Set("AWS_REGION", "");
        Assert.Equal("eu-south-1", AwsRegionResolver.TryResolve(null, () => "ca-central-1"));
        _environment.Set("AWS_DEFAULT_REGION", null);
        Assert.Equal("eu-north-1", AwsRegionResolver.TryResolve(null, () => "ca-central-1"));
        _environment.Set("AWS_PROFILE", null);
        Assert.Equal("ap-south-1", AwsRegionResolver.TryResolve(null, () => "ca-central-1")); // the default profile
        _environment.Set("AWS_PROFILE", SharedAwsFiles.RegionlessProfile);
        Assert.Equal("ca-central-1", AwsRegionResolver.TryResolve(null, () => "ca-central-1"));
        Assert.Null(AwsRegionResolver.TryResolve(null, () => null));
    }

    [Fact]
    public void No_region_anywhere_is_an_error_naming_the_sources_not_a_default()
    {
        _environment.Set("AWS_REGION", null).Set("AWS_DEFAULT_REGION", null).Set("AWS_PROFILE", SharedAwsFiles.RegionlessProfile);

        var error = Assert.Throws<AwsRegionMissingException>(() => AwsRegionResolver.Resolve(null));
        var endpointError = Assert.Throws<AwsRegionMissingException>(() =>
            AwsEndpointResolver.Resolve("kinesis", new AwsClientOptions { ServiceUrl = new Uri("http://127.0.0.1:4567/") }));

        foreach (var source in new[] { "AWS_REGION", "AWS_DEFAULT_REGION", "profile", "instance metadata" })
        {
            Assert.Contains(source, error.Message, StringComparison.Ordinal);
        }

        Assert.Equal(error.Message, endpointError.Message);
    }

    [Fact]
    public void The_profile_region_signs_calls_to_an_explicit_endpoint()
    {
        _environment.Set("AWS_REGION", null).Set("AWS_DEFAULT_REGION", null).Set("AWS_PROFILE", SharedAwsFiles.RegionProfile);

        var endpoint = AwsEndpointResolver.Resolve("dynamodb", new AwsClientOptions { ServiceUrl = new Uri("http://127.0.0.1:4567/") });

        Assert.Equal("eu-north-1", endpoint.SigningRegion.SystemName);
    }

    [Fact]
    public void Instance_metadata_pointed_at_nothing_names_no_region()
    {
        // This process points the metadata service at a loopback port where nothing listens: off EC2, the source is silent.
        using var enabled = new EnvironmentOverride().Set("AWS_EC2_METADATA_DISABLED", null);

        Assert.Null(AwsRegionResolver.ReadInstanceMetadataRegion());
    }

    public void Dispose() => _environment.Dispose();
}
