using System.Text.RegularExpressions;
using Amazon;

namespace KinesisFlow.Aws;

/// <summary>Where a service call goes and which region signs it.</summary>
public sealed record AwsEndpoint(Uri Url, RegionEndpoint SigningRegion);

/// <summary>
/// Resolves a service endpoint from the options: an explicit ServiceUrl wins; otherwise the region's partition
/// decides the DNS suffix (aws, aws-cn, aws-us-gov, the isolated ones), with FIPS and dual-stack variants on request.
/// </summary>
public static partial class AwsEndpointResolver
{
    public static AwsEndpoint Resolve(string endpointPrefix, AwsClientOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(endpointPrefix);
        ArgumentNullException.ThrowIfNull(options);
        var region = ResolveRegion(options);
        if (options.ServiceUrl is { } explicitUrl)
        {
            return new AwsEndpoint(explicitUrl, region);
        }

        var host = BuildHostName(endpointPrefix, region, options.UseFipsEndpoint, options.UseDualStackEndpoint);
        return new AwsEndpoint(new Uri("https://" + host + "/"), region);
    }

    /// <summary>The host name of a regional endpoint, e.g. kinesis-fips.us-gov-west-1.amazonaws.com.</summary>
    public static string BuildHostName(string endpointPrefix, RegionEndpoint region, bool fips, bool dualStack)
    {
        ArgumentNullException.ThrowIfNull(region);
        var service = fips ? endpointPrefix + "-fips" : endpointPrefix;
        var suffix = dualStack ? DualStackSuffix(region) : region.PartitionDnsSuffix;
        return $"{service}.{region.SystemName}.{suffix}";
    }

    public static bool IsValidRegionName(string region) => RegionName().IsMatch(region);

    /// <summary>The signing region: <see cref="AwsRegionResolver"/>'s order, also with an explicit ServiceUrl (no default).</summary>
    private static RegionEndpoint ResolveRegion(AwsClientOptions options) =>
        RegionEndpoint.GetBySystemName(AwsRegionResolver.Resolve(options.Region));

    private static string DualStackSuffix(RegionEndpoint region) => region.PartitionName switch
    {
        "aws" or "aws-us-gov" => "api.aws",
        "aws-cn" => "api.amazonwebservices.com.cn",
        _ => throw new InvalidOperationException(
            $"Dual-stack endpoints are not available in the {region.PartitionName} partition (region {region.SystemName})."),
    };

    [GeneratedRegex("^[a-z]{2,4}(-[a-z]+)+-[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex RegionName();
}
