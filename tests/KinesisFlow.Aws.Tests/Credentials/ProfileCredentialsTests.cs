using System.Globalization;
using Amazon.Runtime;
using KinesisFlow.Aws.Tests.Transport;
using Microsoft.AspNetCore.Http;

namespace KinesisFlow.Aws.Tests.Credentials;

/// <summary>
/// --profile (AWS_PROFILE) as the AWS CLI reads it, from this test process's shared files (<see cref="SharedAwsFiles"/>; never the
/// machine's own): static keys; a role assumed with a source profile's keys (STS on a local endpoint that checks
/// the source profile's signature); an IAM Identity Center (SSO) profile without a cached token, which must say
/// `aws sso login --profile NAME` in one line. Every service endpoint points at 127.0.0.1.
/// </summary>
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class ProfileCredentialsTests : IDisposable
{
    private readonly EnvironmentOverride _environment = new EnvironmentOverride()
        .Set("AWS_ACCESS_KEY_ID", null)
        .Set("AWS_SECRET_ACCESS_KEY", null)
        .Set("AWS_SESSION_TOKEN", null)
        .Set("AWS_PROFILE", null)
        .Set("AWS_REGION", LocalAwsEndpoint.Region);

    [Fact]
    public async Task A_static_keys_profile_resolves()
    {
        var credentials = await Create(SharedAwsFiles.StaticProfile).GetCredentialsAsync();

        Assert.Equal(LocalAwsEndpoint.AccessKeyId, credentials.AccessKey);
    }

    [Fact]
    public async Task An_assume_role_profile_signs_with_its_source_profile_and_uses_the_role()
    {
        await using var sts = await LocalAwsEndpoint.StartAsync("sts", (n, context) => AssumeRoleAsync(context, n));
        _environment.Set("AWS_ENDPOINT_URL_STS", sts.Url.ToString());
        var credentials = Create(SharedAwsFiles.AssumeRoleProfile);

        await AwsCredentialsFactory.CheckAsync(credentials, CancellationToken.None);
        var resolved = await credentials.GetCredentialsAsync();

        var call = Assert.Single(sts.Requests);
        Assert.Null(call.SignatureError); // signed with the source profile's keys, for eu-west-1
        Assert.Contains("Action=AssumeRole", call.BodyText, StringComparison.Ordinal);
        Assert.Contains(Uri.EscapeDataString(SharedAwsFiles.AssumedRoleArn), call.BodyText, StringComparison.Ordinal);
        Assert.Equal("ASIAFLOWSREADER1", resolved.AccessKey);
        Assert.Equal("role-session-1", resolved.Token);
    }

    [Fact]
    public async Task An_sso_profile_without_a_cached_token_says_to_sign_in_in_one_line()
    {
        var credentials = Create(SharedAwsFiles.SsoProfile);

        var error = await Assert.ThrowsAsync<AwsCredentialsException>(() => AwsCredentialsFactory.CheckAsync(credentials, CancellationToken.None));

        Assert.Contains("aws sso login --profile identity-center", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task A_profile_that_does_not_exist_is_named()
    {
        var error = await Assert.ThrowsAsync<AwsCredentialsException>(() =>
            AwsCredentialsFactory.CheckAsync(Create("missing"), CancellationToken.None));

        Assert.Contains("'missing' (--profile / AWS_PROFILE) was not found", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _environment.Dispose();

    /// <summary>The chain's credentials with <paramref name="profile"/> chosen as --profile chooses it (AWS_PROFILE).</summary>
    private AWSCredentials Create(string profile)
    {
        _environment.Set("AWS_PROFILE", profile);
        return AwsCredentialsFactory.Create(new AwsClientOptions());
    }

    private static Task AssumeRoleAsync(HttpContext context, int n)
    {
        var expiration = DateTime.UtcNow.AddHours(1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        context.Response.ContentType = "text/xml";
        return context.Response.WriteAsync($"""
            <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <AssumeRoleResult>
                <AssumedRoleUser><Arn>arn:aws:sts::210987654321:assumed-role/flows-reader/kinesisflow</Arn><AssumedRoleId>AROATEST:kinesisflow</AssumedRoleId></AssumedRoleUser>
                <Credentials>
                  <AccessKeyId>ASIAFLOWSREADER{n}</AccessKeyId>
                  <SecretAccessKey>role-secret-{n}</SecretAccessKey>
                  <SessionToken>role-session-{n}</SessionToken>
                  <Expiration>{expiration}</Expiration>
                </Credentials>
              </AssumeRoleResult>
              <ResponseMetadata><RequestId>sts-request-{n}</RequestId></ResponseMetadata>
            </AssumeRoleResponse>
            """);
    }
}
