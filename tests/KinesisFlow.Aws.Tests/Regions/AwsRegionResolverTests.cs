using KinesisFlow.Aws.Tests.Credentials;

namespace KinesisFlow.Aws.Tests.Regions;

/// <summary>
/// The one region order: configured (--region / setting), AWS_REGION, AWS_DEFAULT_REGION, the profile's region, instance
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
        Assert.Equal("us-west-2", AwsRegionResolver.TryResolve("us-west-2", SharedAwsFiles.RegionProfile, () => "ca-central-1"));
        Assert.Equal("eu-west-3", AwsRegionResolver.TryResolve(null, SharedAwsFiles.RegionProfile, () => "ca-central-1"));
        _environment.Set("AWS_REGION", "");
        Assert.Equal("eu-south-1", AwsRegionResolver.TryResolve(null, SharedAwsFiles.RegionProfile, () => "ca-central-1"));
        _environment.Set("AWS_DEFAULT_REGION", null);
        Assert.Equal("eu-north-1", AwsRegionResolver.TryResolve(null, SharedAwsFiles.RegionProfile, () => "ca-central-1"));
        Assert.Equal("ap-south-1", AwsRegionResolver.TryResolve(null, null, () => "ca-central-1"));
        Assert.Equal("ca-central-1", AwsRegionResolver.TryResolve(null, SharedAwsFiles.RegionlessProfile, () => "ca-central-1"));
        Assert.Null(AwsRegionResolver.TryResolve(null, SharedAwsFiles.RegionlessProfile, () => null));
    }

    [Fact]
    public void AWS_PROFILE_chooses_the_profile_when_none_is_given()
    {
        _environment.Set("AWS_REGION", null).Set("AWS_DEFAULT_REGION", null).Set("AWS_PROFILE", SharedAwsFiles.RegionProfile);

        Assert.Equal("eu-north-1", AwsRegionResolver.Resolve(null, null));
        Assert.Equal("ap-south-1", AwsRegionResolver.Resolve(null, "default"));
    }

    [Fact]
    public void No_region_anywhere_is_an_error_naming_the_sources_not_a_default()
    {
        _environment.Set("AWS_REGION", null).Set("AWS_DEFAULT_REGION", null);

        var error = Assert.Throws<AwsRegionMissingException>(() => AwsRegionResolver.Resolve(null, SharedAwsFiles.RegionlessProfile));
        var endpointError = Assert.Throws<AwsRegionMissingException>(() =>
            AwsEndpointResolver.Resolve("kinesis", new AwsClientOptions { ServiceUrl = new Uri("http://127.0.0.1:4567/"), Profile = SharedAwsFiles.RegionlessProfile }));

        foreach (var source in new[] { "AWS_REGION", "AWS_DEFAULT_REGION", "profile", "instance metadata" })
        {
            Assert.Contains(source, error.Message, StringComparison.Ordinal);
        }

        Assert.Equal(error.Message, endpointError.Message);
    }

    [Fact]
    public void The_profile_region_signs_calls_to_an_explicit_endpoint()
    {
        _environment.Set("AWS_REGION", null).Set("AWS_DEFAULT_REGION", null);

        var endpoint = AwsEndpointResolver.Resolve("dynamodb", new AwsClientOptions { ServiceUrl = new Uri("http://127.0.0.1:4567/"), Profile = SharedAwsFiles.RegionProfile });

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
