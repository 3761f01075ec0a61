using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KinesisFlow.Aws;
using KinesisFlow.Cli;

namespace KinesisFlow.Infra.Tests.CloudFormation;

/// <summary>
/// What central.yaml promises: a destination whose access policy is exactly the one <c>kinesisflow destination create</c>
/// writes (the two subscribe actions, on this destination, for the listed accounts or the organization), and a role
/// that only CloudWatch Logs acting for those accounts in this region may assume and that may only put records.
/// </summary>
public sealed partial class CentralTemplateTests
{
    private const string Account = "999999999999";
    private const string Region = "eu-west-1";
    private static readonly CfnTemplate Template = Templates.Load("central.yaml");

    public static TheoryData<string, string> WhoMaySubscribe => new()
    {
        { "o-a1b2c3d4e5", "" },
        { "", "222222222222,333333333333" },
    };

    [Theory]
    [MemberData(nameof(WhoMaySubscribe))]
    public void Destination_policy_is_the_one_the_cli_writes(string organization, string accounts)
    {
        var evaluator = Evaluator(organization, accounts);
        var properties = (Dictionary<string, object?>)evaluator.Resource("Destination")!["Properties"]!;
        var parameters = new Dictionary<string, string> { ["DestinationName"] = "kinesisflow-flow-logs", ["OrganizationId"] = organization };

        var policy = Substitute(properties["DestinationPolicy"], parameters, accounts);

        var arn = $"arn:aws:logs:{Region}:{Account}:destination:kinesisflow-flow-logs";
        var expected = DestinationAccessPolicy.Build(arn, accounts.Length == 0 ? [] : accounts.Split(','), organization.Length == 0 ? null : organization);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(policy)), policy);
        Assert.Equal(
            CloudWatchLogsOperations.DestinationSubscriber.Select(CloudWatchLogsOperations.IamAction),
            JsonNode.Parse(policy)!["Statement"]![0]!["Action"]!.AsArray().Select(a => (string)a!));
        Assert.Equal(new Dictionary<string, object?> { ["Ref"] = "StreamArn" }, properties["TargetArn"]);
        Assert.Equal(new Dictionary<string, object?> { ["Fn::GetAtt"] = new List<object?> { "DestinationRole", "Arn" } }, properties["RoleArn"]);
    }

    [Theory]
    [MemberData(nameof(WhoMaySubscribe))]
    public void Role_trusts_only_cloudwatch_logs_of_this_region_acting_for_the_allowed_accounts(string organization, string accounts)
    {
        var role = (Dictionary<string, object?>)Evaluator(organization, accounts).Resource("DestinationRole")!["Properties"]!;
        var trust = (Dictionary<string, object?>)Assert.Single((List<object?>)((Dictionary<string, object?>)role["AssumeRolePolicyDocument"]!)["Statement"]!)!;

        Assert.Equal(new Dictionary<string, object?> { ["Service"] = "logs.amazonaws.com" }, trust["Principal"]);
        Assert.Equal("sts:AssumeRole", trust["Action"]);
        var condition = (Dictionary<string, object?>)trust["Condition"]!;
        Assert.Equal(
            new Dictionary<string, object?> { ["Fn::Sub"] = "arn:${AWS::Partition}:logs:${AWS::Region}:*:*" },
            ((Dictionary<string, object?>)condition["ArnLike"]!)["aws:SourceArn"]);
        Assert.Equal(
            organization.Length > 0
                ? new Dictionary<string, object?> { ["aws:SourceOrgID"] = new Dictionary<string, object?> { ["Ref"] = "OrganizationId" } }
                : new Dictionary<string, object?> { ["aws:SourceAccount"] = new Dictionary<string, object?> { ["Ref"] = "SourceAccountIds" } },
            condition["StringEquals"]);
    }

    [Theory]
    [InlineData("", new[] { "kinesis:PutRecord" })]
    [InlineData("arn:aws:kms:eu-west-1:999999999999:key/1234abcd-12ab-34cd-56ef-1234567890ab", new[] { "kinesis:PutRecord", "kms:GenerateDataKey" })]
    public void Role_may_only_put_records_into_the_stream_and_use_its_key_through_kinesis(string key, string[] actions)
    {
        var evaluator = new CfnEvaluator(Template, new Dictionary<string, string> { ["StreamArn"] = "arn:aws:kinesis:eu-west-1:999999999999:stream/flows", ["StreamKeyArn"] = key, ["OrganizationId"] = "o-a1b2c3d4e5" });
        var role = (Dictionary<string, object?>)evaluator.Resource("DestinationRole")!["Properties"]!;
        var statements = ((List<object?>)((Dictionary<string, object?>)((Dictionary<string, object?>)Assert.Single((List<object?>)role["Policies"]!)!)["PolicyDocument"]!)["Statement"]!)
            .Cast<Dictionary<string, object?>>().ToList();

        Assert.Equal(actions, statements.Select(s => (string)s["Action"]!));
        Assert.All(statements, s => Assert.Equal("Allow", s["Effect"]));
        Assert.Equal(new Dictionary<string, object?> { ["Ref"] = "StreamArn" }, statements[0]["Resource"]);
        if (statements.Count > 1)
        {
            Assert.Equal(new Dictionary<string, object?> { ["Ref"] = "StreamKeyArn" }, statements[1]["Resource"]);
            Assert.Contains("kms:ViaService", System.Text.Json.JsonSerializer.Serialize(statements[1]["Condition"]), StringComparison.Ordinal);
        }
    }

    private static CfnEvaluator Evaluator(string organization, string accounts) =>
        new(Template, new Dictionary<string, string>
        {
            ["StreamArn"] = "arn:aws:kinesis:eu-west-1:999999999999:stream/flows",
            ["OrganizationId"] = organization,
            ["SourceAccountIds"] = accounts,
        });

    /// <summary>Fn::Sub as CloudFormation resolves it, for the pseudo parameters, the given parameters and a joined account list.</summary>
    private static string Substitute(object? node, Dictionary<string, string> parameters, string accounts)
    {
        var sub = ((Dictionary<string, object?>)node!)["Fn::Sub"];
        var (text, variables) = sub switch
        {
            string s => (s, new Dictionary<string, string>()),
            List<object?> pair => ((string)pair[0]!, new Dictionary<string, string> { ["Accounts"] = string.Join("\",\"", accounts.Split(',')) }),
            _ => throw new InvalidDataException($"Fn::Sub of {sub}"),
        };
        var values = new Dictionary<string, string>(parameters) { ["AWS::Partition"] = "aws", ["AWS::Region"] = Region, ["AWS::AccountId"] = Account };
        foreach (var (name, value) in variables)
        {
            values[name] = value;
        }

        return Placeholder().Replace(text, m => values[m.Groups[1].Value]);
    }

    [GeneratedRegex(@"\$\{([A-Za-z:]+)\}")]
    private static partial Regex Placeholder();
}
