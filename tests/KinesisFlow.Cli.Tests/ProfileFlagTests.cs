using System.CommandLine;
using System.Diagnostics;
using KinesisFlow.TestKit;

namespace KinesisFlow.Cli.Tests;

/// <summary>
/// --profile on every command that talks to AWS, as the real process runs it: a static-keys profile signs and names
/// the region; an IAM Identity Center (SSO) profile without a cached token stops with one line saying
/// `aws sso login --profile NAME` and exit 1, even with keys in the environment (the flag wins). The shared files are temporary (AWS_CONFIG_FILE,
/// AWS_SHARED_CREDENTIALS_FILE), never the machine's own; every endpoint is a loopback port where nothing listens.
/// </summary>
public sealed class ProfileFlagTests : IDisposable
{
    /// <summary>Port 1 of loopback: nothing listens there, a connection is refused at once.</summary>
    private const string NothingListens = "http://127.0.0.1:1/";

    private readonly TempDirectory _temp = new();

    public ProfileFlagTests()
    {
        File.WriteAllText(_temp.File("credentials"), """
            [keys]
            aws_access_key_id = AKIDPROFILEKEYS
            aws_secret_access_key = profile-keys-secret
            """);
        File.WriteAllText(_temp.File("config"), """
            [profile keys]
            region = eu-north-1

            [profile identity-center]
            sso_start_url = https://kinesisflow-test.awsapps.com/start
            sso_region = eu-west-1
            sso_account_id = 210987654321
            sso_role_name = FlowsReader
            region = eu-west-1
            """);
    }

    public static TheoryData<string> AwsCommands => ["run", "status", "subscribe", "unsubscribe", "destination create", "destination show", "destination delete", "flow-logs ensure", "produce"];

    [Theory]
    [MemberData(nameof(AwsCommands))]
    public void Every_command_that_talks_to_AWS_takes_profile(string path)
    {
        Command command = new RootCommand();
        foreach (var name in path.Split(' '))
        {
            command = (command is RootCommand ? CommandCatalog.All() : command.Subcommands).Single(c => c.Name == name);
        }

        Assert.Contains(command.Options, option => option.Name == "--profile");
    }

    [Fact]
    public async Task Run_signs_in_with_a_static_keys_profile_and_takes_its_region()
    {
        // No AWS_REGION: the region is the profile's; the credentials check passes, the stream's endpoint is what fails.
        var result = await CliProcess.RunAsync(Start(["run", "--profile", "keys", "--stream", "flows", "--endpoint-url", NothingListens, "--dynamodb-endpoint-url", NothingListens]));

        var line = Assert.Single(result.ErrorLines);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("stream 'flows'", line, StringComparison.Ordinal);
        Assert.Contains("cannot reach", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("run", "--stream", "flows", "--dynamodb-endpoint-url", NothingListens)]
    [InlineData("status", "--stream", "flows", "--lease-table", "flows-leases", "--dynamodb-endpoint-url", NothingListens)]
    public async Task An_sso_profile_without_a_cached_token_says_to_sign_in_in_one_line(params string[] arguments)
    {
        var result = await CliProcess.RunAsync(Start([.. arguments, "--profile", "identity-center", "--endpoint-url", NothingListens]));

        var line = Assert.Single(result.ErrorLines);
        Assert.True(result.ExitCode == 1, $"exit code {result.ExitCode}: {line}");
        Assert.StartsWith(arguments[0] + ": ", line, StringComparison.Ordinal);
        Assert.Contains("aws sso login --profile identity-center", line, StringComparison.Ordinal);
    }

    public void Dispose() => _temp.Dispose();

    private ProcessStartInfo Start(string[] arguments)
    {
        var start = KinesisFlowExecutable.StartInfo(arguments).WithEmulatorCredentials();
        // The emulator keys stay in the environment: --profile must win over them, as in the AWS CLI.
        foreach (var variable in new[] { "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI" })
        {
            start.Environment.Remove(variable);
        }

        start.Environment["AWS_CONFIG_FILE"] = _temp.File("config");
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = _temp.File("credentials");
        // Should anything try IAM Identity Center itself, it finds nothing listening on loopback.
        start.Environment["AWS_ENDPOINT_URL_SSO"] = NothingListens;
        start.Environment["AWS_ENDPOINT_URL_SSO_OIDC"] = NothingListens;
        return start;
    }
}
