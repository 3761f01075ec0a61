using Amazon.Runtime;

namespace KinesisFlow.Aws;

/// <summary>
/// How a KinesisFlow AWS client reaches its service: region or explicit endpoint, credentials, timeout and retries.
/// Bound from configuration; a class rather than a record so that no generated ToString ever prints a secret.
/// </summary>
public sealed class AwsClientOptions
{
    /// <summary>AWS region, e.g. "eu-west-1". When empty, <see cref="AwsRegionResolver"/> decides (AWS_REGION, AWS_DEFAULT_REGION, profile, instance metadata); there is no default.</summary>
    public string? Region { get; set; }

    /// <summary>Explicit endpoint (emulators, VPC interface endpoints). When set, FIPS and dual-stack choices do not apply.</summary>
    public Uri? ServiceUrl { get; set; }

    /// <summary>Use the service's FIPS 140 endpoint for the region.</summary>
    public bool UseFipsEndpoint { get; set; }

    /// <summary>Use the service's dual-stack (IPv4 and IPv6) endpoint for the region.</summary>
    public bool UseDualStackEndpoint { get; set; }

    /// <summary>Explicit access key id (tests, emulators). When empty, the standard AWS credential chain is used.</summary>
    public string? AccessKeyId { get; set; }

    /// <summary>Explicit secret access key; only read together with <see cref="AccessKeyId"/>.</summary>
    public string? SecretAccessKey { get; set; }

    /// <summary>Optional session token for explicit temporary credentials.</summary>
    public string? SessionToken { get; set; }

    /// <summary>Credentials object supplied in code; wins over every other credential setting.</summary>
    public AWSCredentials? Credentials { get; set; }

    /// <summary>Time allowed for one attempt (connect, send, response). Retries get a fresh timeout each.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts per call, the first included (AWS SDKs' standard retry mode uses 3).</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Base of the exponential backoff between attempts.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Cap of the exponential backoff between attempts (AWS SDKs cap at 20 s).</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>A copy for another region, everything else (credentials, FIPS, dual-stack, timeout, retries) kept.</summary>
    public AwsClientOptions ForRegion(string region)
    {
        ArgumentException.ThrowIfNullOrEmpty(region);
        return With(copy => copy.Region = region);
    }

    /// <summary>A copy that calls <paramref name="serviceUrl"/> (null: the region's endpoint), everything else kept.</summary>
    public AwsClientOptions AtEndpoint(Uri? serviceUrl) => With(copy => copy.ServiceUrl = serviceUrl);

    /// <summary>A copy that signs with <paramref name="credentials"/> (null: these options' own), everything else kept.</summary>
    public AwsClientOptions WithCredentials(AWSCredentials? credentials) =>
        credentials is null ? With(static _ => { }) : With(copy => copy.Credentials = credentials);

    /// <summary>
    /// A copy whose credentials are built once, now (explicit keys, or the chain: AWS_PROFILE, environment, web identity,
    /// container, instance metadata), so that every client derived from it shares one credentials cache.
    /// </summary>
    public AwsClientOptions WithSharedCredentials() => With(copy => copy.Credentials = AwsCredentialsFactory.Create(this));

    /// <summary>A copy of every setting, changed by <paramref name="change"/>: derived options never drop a setting.</summary>
    public AwsClientOptions With(Action<AwsClientOptions> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var copy = (AwsClientOptions)MemberwiseClone();
        change(copy);
        return copy;
    }

    /// <summary>Lists every problem with these settings, each naming the setting; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (ServiceUrl is { } url && (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)))
        {
            errors.Add($"ServiceUrl must be an absolute http or https URL, not '{url}'.");
        }

        if (!string.IsNullOrEmpty(Region) && !AwsEndpointResolver.IsValidRegionName(Region))
        {
            errors.Add($"Region '{Region}' is not a region name (e.g. eu-west-1).");
        }

        if (string.IsNullOrEmpty(AccessKeyId) != string.IsNullOrEmpty(SecretAccessKey))
        {
            errors.Add("AccessKeyId and SecretAccessKey must be given together.");
        }

        if (!string.IsNullOrEmpty(SessionToken) && string.IsNullOrEmpty(AccessKeyId))
        {
            errors.Add("SessionToken needs AccessKeyId and SecretAccessKey.");
        }

        if (Timeout <= TimeSpan.Zero)
        {
            errors.Add($"Timeout must be positive, not {Timeout}.");
        }

        if (MaxAttempts is < 1 or > 20)
        {
            errors.Add($"MaxAttempts must be between 1 and 20, not {MaxAttempts}.");
        }

        if (RetryBaseDelay < TimeSpan.Zero || RetryMaxDelay < RetryBaseDelay)
        {
            errors.Add("RetryBaseDelay must be at least zero and RetryMaxDelay at least RetryBaseDelay.");
        }

        return errors;
    }

    /// <summary>Throws an <see cref="ArgumentException"/> listing every problem, for clients constructed from code.</summary>
    public void ThrowIfInvalid()
    {
        var errors = Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid AWS client options: " + string.Join(" ", errors));
        }
    }
}
