using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace KinesisFlow.Aws.Sts;

/// <summary>
/// Assumes a role in another account (STS AssumeRole, AWSSDK.SecurityToken) with the caller's own credentials, for
/// commands that act in every account of an organization. The temporary credentials last an hour, far longer than one
/// account's share of a run.
/// </summary>
public sealed class RoleAssumer : IDisposable
{
    /// <summary>The session name CloudTrail shows in the member accounts for KinesisFlow's calls.</summary>
    public const string SessionName = "kinesisflow";

    private readonly AmazonSecurityTokenServiceClient _sts;

    /// <param name="options">The caller's credentials and region; <see cref="AwsClientOptions.ServiceUrl"/> is STS's endpoint.</param>
    public RoleAssumer(AwsClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _sts = AwsSdkClientFactory.Create<AmazonSecurityTokenServiceClient, AmazonSecurityTokenServiceConfig>(
            "sts", options, static (credentials, config) => new AmazonSecurityTokenServiceClient(credentials, config));
    }

    /// <summary>Credentials of <paramref name="roleArn"/>; an STS refusal surfaces as <see cref="AwsServiceException"/>.</summary>
    public async Task<AWSCredentials> AssumeAsync(string roleArn, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(roleArn);
        try
        {
            var response = await _sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = roleArn, RoleSessionName = SessionName }, cancellationToken);
            var credentials = response.Credentials;
            return new SessionAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken);
        }
        catch (AmazonServiceException e)
        {
            throw new AwsServiceException(e.ErrorCode ?? "Unknown", $"sts:AssumeRole {roleArn}: {e.Message}", e.StatusCode, e.RequestId);
        }
    }

    /// <summary><paramref name="actAs"/> signing as <paramref name="roleArn"/>: every other setting kept.</summary>
    public async Task<AwsClientOptions> AssumeAsync(string roleArn, AwsClientOptions actAs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actAs);
        return actAs.WithCredentials(await AssumeAsync(roleArn, cancellationToken));
    }

    public void Dispose() => _sts.Dispose();
}
