using Amazon.Runtime.CredentialManagement;
using Amazon.Util;

namespace KinesisFlow.Aws;

/// <summary>
/// The one place a region comes from, in one order: the configured one (--region, or the setting it maps to), then
/// AWS_REGION, then AWS_DEFAULT_REGION, then the AWS profile's <c>region</c> (AWS_PROFILE, which --profile sets, else
/// <c>default</c>, in AWS_CONFIG_FILE / ~/.aws/config), then the EC2 instance metadata service (skipped when
/// AWS_EC2_METADATA_DISABLED=true). There is no default: a region nobody named is an error, never us-east-1.
/// </summary>
public static class AwsRegionResolver
{
    /// <summary>What an operator reads when no source names a region; each caller prefixes its own setting and flag.</summary>
    public const string Sources = "no region is set, and neither AWS_REGION, AWS_DEFAULT_REGION, the AWS profile nor the instance metadata names one";

    // The instance metadata service is asked at most once per process: the answer cannot change while it runs, and on a
    // machine outside EC2 each question costs a failed connection.
    private static readonly Lazy<string?> InstanceRegion = new(ReadInstanceMetadataRegion, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The region, or <see cref="AwsRegionMissingException"/> when no source names one.</summary>
    public static string Resolve(string? configured) =>
        TryResolve(configured, static () => MetadataDisabled() ? null : InstanceRegion.Value)
        ?? throw new AwsRegionMissingException(Sources + ".");

    /// <summary>The first source that names a region, or null; <paramref name="instanceRegion"/> is asked last.</summary>
    public static string? TryResolve(string? configured, Func<string?> instanceRegion)
    {
        ArgumentNullException.ThrowIfNull(instanceRegion);
        return NonEmpty(configured)
            ?? NonEmpty(Environment.GetEnvironmentVariable("AWS_REGION"))
            ?? NonEmpty(Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION"))
            ?? ProfileRegion()
            ?? instanceRegion();
    }

    /// <summary>The profile the SDK reads: AWS_PROFILE (which --profile sets), else <c>default</c>.</summary>
    public static string ProfileName() => NonEmpty(Environment.GetEnvironmentVariable("AWS_PROFILE")) ?? "default";

    private static string? ProfileRegion() =>
        new CredentialProfileStoreChain().TryGetProfile(ProfileName(), out var found) ? found.Region?.SystemName : null;

    /// <summary>The region the EC2 instance metadata service names (AWS_EC2_METADATA_SERVICE_ENDPOINT moves it), or null off EC2.</summary>
    internal static string? ReadInstanceMetadataRegion()
    {
        try
        {
            return EC2InstanceMetadata.Region?.SystemName;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Not on EC2 (or metadata turned off at the instance): this source has nothing to say.
            return null;
        }
    }

    private static bool MetadataDisabled() =>
        string.Equals(Environment.GetEnvironmentVariable("AWS_EC2_METADATA_DISABLED"), "true", StringComparison.OrdinalIgnoreCase);

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
