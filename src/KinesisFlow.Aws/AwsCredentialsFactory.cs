using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;

namespace KinesisFlow.Aws;

/// <summary>
/// Chooses the credentials a client signs with: explicit ones from the options, or else the AWS SDK's standard chain:
/// the profile AWS_PROFILE names (which --profile sets; else <c>default</c>), environment keys, web identity, ECS
/// container, EC2 instance metadata. A profile may hold static keys, assume a role with a source profile's credentials
/// (STS), sign in through IAM Identity Center (SSO, with the token `aws sso login` caches; AWSSDK.SSO and AWSSDK.SSOOIDC
/// are referenced for it) or run a credential_process. A failure to obtain credentials is an
/// <see cref="AwsCredentialsException"/> with one line that says what to do.
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

    /// <summary>Resolves the credentials <paramref name="options"/> sign with, as <see cref="CheckAsync(AWSCredentials, CancellationToken)"/>.</summary>
    public static Task CheckAsync(AwsClientOptions options, CancellationToken cancellationToken) =>
        CheckAsync(Create(options), cancellationToken);

    /// <summary>
    /// Resolves the credentials once, so that a start-up check fails early with a clear message
    /// (never containing the keys) instead of at the first signed call.
    /// </summary>
    public static async Task CheckAsync(AWSCredentials credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ImmutableCredentials? resolved;
        try
        {
            resolved = await credentials.GetCredentialsAsync().WaitAsync(cancellationToken);
        }
        catch (Exception exception) when (IsSdkFailure(exception))
        {
            // Credentials supplied in code fail the SDK's way; the chain already fails with an explanation.
            throw Explain(exception);
        }

        if (string.IsNullOrEmpty(resolved?.AccessKey))
        {
            throw new AwsCredentialsException("AWS credentials resolved to an empty access key.");
        }
    }

    /// <summary>One line for a failure to obtain credentials; the SDK's own message (many lines) stays the inner exception.</summary>
    private static AwsCredentialsException Explain(Exception exception)
    {
        var profileName = AwsRegionResolver.ProfileName();
        var named = Environment.GetEnvironmentVariable("AWS_PROFILE") is { Length: > 0 };
        var store = new CredentialProfileStoreChain();
        if (store.TryGetProfile(profileName, out var profile)
            && (!string.IsNullOrEmpty(profile.Options.SsoStartUrl) || !string.IsNullOrEmpty(profile.Options.SsoSession)))
        {
            return new AwsCredentialsException(
                $"AWS profile '{profileName}' signs in through IAM Identity Center (SSO) and has no valid cached token; run `aws sso login --profile {profileName}` and try again",
                exception);
        }

        return exception switch
        {
            _ when named && profile is null => new AwsCredentialsException(
                $"AWS profile '{profileName}' (--profile / AWS_PROFILE) was not found in AWS_CONFIG_FILE or AWS_SHARED_CREDENTIALS_FILE (by default ~/.aws/config and ~/.aws/credentials)",
                exception),
            // STS refused (e.g. the web identity role does not trust this service account, or the source profile may not assume the role).
            AmazonServiceException service => new AwsCredentialsException(
                $"AWS credentials were refused while being obtained ({service.ErrorCode}): {FirstLine(service.Message)}", exception),
            _ when named => new AwsCredentialsException(
                $"AWS profile '{profileName}' (--profile / AWS_PROFILE) gave no credentials: {FirstLine(exception.Message)}", exception),
            _ => new AwsCredentialsException(
                "no AWS credentials were found (looked at AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE and the shared files, web identity, container and instance metadata); set one of them, or give --profile",
                exception),
        };
    }

    /// <summary>How the SDK fails to obtain credentials: a client-side failure (nothing found, no token) or a refusal (STS).</summary>
    private static bool IsSdkFailure(Exception exception) => exception is AmazonClientException or AmazonServiceException;

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();

    /// <summary>
    /// Defers to the SDK's default resolver at every use. The resolver resolves lazily (no I/O when a client is built),
    /// caches the credentials it found (single-flight), notices environment and credential-file changes, and returns
    /// refreshing credentials (assume-role, SSO, web identity, container, instance metadata) that renew themselves
    /// before they expire.
    /// </summary>
    private sealed class DefaultChainCredentials : AWSCredentials
    {
        public override ImmutableCredentials GetCredentials()
        {
            try
            {
                return DefaultAWSCredentialsIdentityResolver.GetCredentials(null).GetCredentials();
            }
            catch (Exception exception) when (IsSdkFailure(exception))
            {
                throw Explain(exception);
            }
        }

        public override async Task<ImmutableCredentials> GetCredentialsAsync()
        {
            try
            {
                var chain = await DefaultAWSCredentialsIdentityResolver.GetCredentialsAsync(null);
                return await chain.GetCredentialsAsync();
            }
            catch (Exception exception) when (IsSdkFailure(exception))
            {
                throw Explain(exception);
            }
        }
    }
}
