
namespace KinesisFlow.Cli.Tests.Organization;

/// <summary>The central account's destination "kinesisflow-flows" in each region, made as an operator would: <c>kinesisflow destination create</c>.</summary>
public static class CentralDestinations
{
    /// <summary>The ARN member accounts give, with {region}.</summary>
    public const string Arn = "arn:aws:logs:{region}:111111111111:destination:kinesisflow-flows";

    public static async Task CreateAsync(FakeAwsCloud cloud, IEnumerable<string> regions, params string[] allow)
    {
        foreach (var region in regions)
        {
            string[] who = allow.Length == 0 ? ["--allow-organization", FakeAwsCloud.OrganizationId] : allow;
            var (exitCode, _, error) = await CommandTree.RunAsync(
            [
                "destination", "create", "--name", "kinesisflow-flows", "--stream-arn", "arn:aws:kinesis:eu-west-1:111111111111:stream/flows",
                "--role-arn", "arn:aws:iam::111111111111:role/central-DestinationRole", .. who, "--region", region, "--endpoint-url", cloud.Endpoint.ToString(),
            ]);
            Assert.True(exitCode == 0, error);
        }
    }
}
