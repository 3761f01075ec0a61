using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace KinesisFlow.Aws;

/// <summary>
/// Chooses the credentials a client signs with: explicit ones from the options, or else the AWS SDK's
/// standard chain (environment, AWS_PROFILE / shared files, web identity, ECS container, EC2 instance metadata).
/// </summary>
public static class AwsCredentialsFactory
{
    public static AWSCredentials Create(AwsClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Credentials is { } supplied)
        {
            return supplied;
        }

        if (!string.IsNullOrEmpty(options.AccessKeyId) && !string.IsNullOrEmpty(options.SecretAccessKey))
        {
            return string.IsNullOrEmpty(options.SessionToken)
                ? new BasicAWSCredentials(options.AccessKeyId, options.SecretAccessKey)
                : new SessionAWSCredentials(options.AccessKeyId, options.SecretAccessKey, options.SessionToken);
        }

        return new DefaultChainCredentials();
    }

    /// <summary>
    /// Resolves the credentials once, so that a start-up check fails early with a clear message
    /// (never containing the keys) instead of at the first signed call.
    /// </summary>
    public static async Task CheckAsync(AWSCredentials credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        try
        {
            var resolved = await credentials.GetCredentialsAsync().WaitAsync(cancellationToken);
            if (string.IsNullOrEmpty(resolved?.AccessKey))
            {
                throw new InvalidOperationException("AWS credentials resolved to an empty access key.");
            }
        }
        catch (AmazonClientException e)
        {
            // The SDK's message lists every provider's failure over many lines; it stays on the exception (debug logs).
            throw new InvalidOperationException(
                "no AWS credentials were found (looked at AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE and the shared files, web identity, container and instance metadata); set one of them",
                e);
        }
        catch (AmazonServiceException e)
        {
            // STS refused (e.g. the web identity role does not trust this service account).
            throw new InvalidOperationException($"AWS credentials were refused while being obtained ({e.ErrorCode}): {e.Message}", e);
        }
    }

    /// <summary>
    /// Defers to the SDK's default resolver at every use. The resolver resolves lazily (no I/O when a client is built),
    /// caches the credentials it found (single-flight), notices environment and credential-file changes, and returns
    /// refreshing credentials (web identity, container, instance metadata) that renew themselves before they expire.
    /// </summary>
    private sealed class DefaultChainCredentials : AWSCredentials
    {
        public override ImmutableCredentials GetCredentials() =>
            DefaultAWSCredentialsIdentityResolver.GetCredentials(null).GetCredentials();

        public override async Task<ImmutableCredentials> GetCredentialsAsync()
        {
            var chain = await DefaultAWSCredentialsIdentityResolver.GetCredentialsAsync(null);
            return await chain.GetCredentialsAsync();
        }
    }
}
