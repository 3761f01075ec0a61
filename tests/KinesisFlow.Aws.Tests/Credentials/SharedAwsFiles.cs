using System.Runtime.CompilerServices;

namespace KinesisFlow.Aws.Tests.Credentials;

/// <summary>
/// The AWS shared config and credentials files of this test process, in a temporary folder, never the machine's own.
/// The AWS SDK reads AWS_CONFIG_FILE and AWS_EC2_METADATA_SERVICE_ENDPOINT once per process (it caches both), so they
/// are set before any test runs and hold every profile the tests use; instance metadata points at a loopback port
/// where nothing listens.
/// </summary>
internal static class SharedAwsFiles
{
    public const string StaticProfile = "static";
    public const string AssumeRoleProfile = "flows-reader";
    public const string SsoProfile = "identity-center";
    public const string RegionProfile = "team";
    public const string RegionlessProfile = "no-region";
    public const string AssumedRoleArn = "arn:aws:iam::210987654321:role/flows-reader";

    /// <summary>Port 1 of loopback: nothing listens there, so a connection is refused at once.</summary>
    public const string NothingListens = "http://127.0.0.1:1";

    private static readonly string Folder = Path.Combine(Path.GetTempPath(), $"kinesisflow-aws-files-{Guid.NewGuid():N}");

#pragma warning disable CA2255 // The SDK caches the files' location at first use: only a module initializer is early enough.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Write()
    {
        Directory.CreateDirectory(Folder);
        File.WriteAllText(Path.Combine(Folder, "credentials"), $"""
            [{StaticProfile}]
            aws_access_key_id = {Transport.LocalAwsEndpoint.AccessKeyId}
            aws_secret_access_key = {Transport.LocalAwsEndpoint.SecretAccessKey}
            """);
        File.WriteAllText(Path.Combine(Folder, "config"), $"""
            [default]
            region = ap-south-1

            [profile {StaticProfile}]
            region = eu-west-1

            [profile {AssumeRoleProfile}]
            role_arn = {AssumedRoleArn}
            source_profile = {StaticProfile}
            region = eu-west-1

            [profile {SsoProfile}]
            sso_start_url = https://kinesisflow-test.awsapps.com/start
            sso_region = eu-west-1
            sso_account_id = 210987654321
            sso_role_name = FlowsReader
            region = eu-west-1

            [profile {RegionProfile}]
            region = eu-north-1

            [profile {RegionlessProfile}]
            output = json
            """);
        Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", Path.Combine(Folder, "config"));
        Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", Path.Combine(Folder, "credentials"));
        Environment.SetEnvironmentVariable("AWS_PROFILE", null);
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_SERVICE_ENDPOINT", NothingListens);
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
        // Should anything try IAM Identity Center itself, it finds nothing listening on loopback.
        Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_SSO", NothingListens);
        Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_SSO_OIDC", NothingListens);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(Folder, recursive: true);
    }
}
