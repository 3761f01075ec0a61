using System.Globalization;
using KinesisFlow.Aws.Tests.Transport;
using KinesisFlow.TestKit;
using Microsoft.AspNetCore.Http;

namespace KinesisFlow.Aws.Tests.Credentials;

/// <summary>
/// The standard chain, as an EKS pod (IRSA) meets it: no keys, a web identity token file and a role. A local STS stand-in
/// proves that the chain resolves web identity (AWSSDK.SecurityToken is referenced) and renews the credentials ahead of
/// their expiry, while the old ones are still valid.
/// </summary>
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class CredentialChainTests
{
    private static readonly TimeSpan IoBound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Web_identity_credentials_resolve_through_the_chain_and_renew_before_they_expire()
    {
        await using var sts = await LocalAwsEndpoint.StartAsync("sts", (n, context) => AssumeRoleWithWebIdentityAsync(
            context,
            n,
            // The first credentials are inside the SDK's 15-minute pre-expiry window from the start; the next ones are not.
            expiresIn: n == 1 ? TimeSpan.FromMinutes(5) : TimeSpan.FromHours(1)));
        using var temp = new TempDirectory();
        var tokenFile = temp.File("web-identity-token");
        await File.WriteAllTextAsync(tokenFile, "eks-service-account-token");
        using var environment = new EnvironmentOverride()
            .Set("AWS_ACCESS_KEY_ID", null)
            .Set("AWS_SECRET_ACCESS_KEY", null)
            .Set("AWS_SESSION_TOKEN", null)
            .Set("AWS_PROFILE", null)
            .Set("AWS_SHARED_CREDENTIALS_FILE", temp.File("no-credentials"))
            .Set("AWS_CONFIG_FILE", temp.File("no-config"))
            .Set("AWS_EC2_METADATA_DISABLED", "true")
            .Set("AWS_WEB_IDENTITY_TOKEN_FILE", tokenFile)
            .Set("AWS_ROLE_ARN", "arn:aws:iam::000000000000:role/kinesisflow")
            .Set("AWS_ROLE_SESSION_NAME", "kinesisflow-test")
            .Set("AWS_REGION", "eu-west-1")
            .Set("AWS_ENDPOINT_URL_STS", sts.Url.ToString());
        var credentials = AwsCredentialsFactory.Create(new AwsClientOptions());

        var first = await credentials.GetCredentialsAsync();
        var assume = await sts.NextRequestAsync();

        // Still valid, but inside the pre-expiry window: a use starts the renewal in the background.
        await Eventually.WaitUntilAsync(async _ => (await credentials.GetCredentialsAsync()).AccessKey == "ASIARENEWED2", IoBound, "renewed credentials");
        var renewed = await credentials.GetCredentialsAsync();
        await credentials.GetCredentialsAsync();

        Assert.Equal("ASIARENEWED1", first.AccessKey);
        Assert.Equal("session-token-1", first.Token);
        Assert.Contains("Action=AssumeRoleWithWebIdentity", assume.BodyText, StringComparison.Ordinal);
        Assert.Contains("WebIdentityToken=eks-service-account-token", assume.BodyText, StringComparison.Ordinal);
        Assert.Equal("session-token-2", renewed.Token);
        Assert.Equal(2, sts.Requests.Count);
    }

    private static Task AssumeRoleWithWebIdentityAsync(HttpContext context, int n, TimeSpan expiresIn)
    {
        var expiration = DateTime.UtcNow.Add(expiresIn).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        context.Response.ContentType = "text/xml";
        return context.Response.WriteAsync($"""
            <AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <AssumeRoleWithWebIdentityResult>
                <SubjectFromWebIdentityToken>system:serviceaccount:flows:kinesisflow</SubjectFromWebIdentityToken>
                <AssumedRoleUser><Arn>arn:aws:sts::000000000000:assumed-role/kinesisflow/kinesisflow-test</Arn><AssumedRoleId>AROATEST:kinesisflow-test</AssumedRoleId></AssumedRoleUser>
                <Credentials>
                  <AccessKeyId>ASIARENEWED{n}</AccessKeyId>
                  <SecretAccessKey>secret-{n}</SecretAccessKey>
                  <SessionToken>session-token-{n}</SessionToken>
                  <Expiration>{expiration}</Expiration>
                </Credentials>
                <Audience>sts.amazonaws.com</Audience>
              </AssumeRoleWithWebIdentityResult>
              <ResponseMetadata><RequestId>sts-request-{n}</RequestId></ResponseMetadata>
            </AssumeRoleWithWebIdentityResponse>
            """);
    }
}
