using System.Reflection;
using KinesisFlow.Aws;
using KinesisFlow.Aws.Ec2;
using KinesisFlow.Aws.Organizations;
using KinesisFlow.Aws.Sts;
using KinesisFlow.Infra.Tests.Container;
using KinesisFlow.Leases.DynamoDb;

namespace KinesisFlow.Infra.Tests.CloudFormation;

/// <summary>
/// The ECS task role grants exactly the AWS operations `kinesisflow run` can call — derived from the clients' operation
/// catalogs, so that a new call fails this test until the template (or the list of operator-only calls) says why — and
/// nothing broader: no wildcard action, every resource scoped but where AWS offers no resource-level permission.
/// </summary>
public sealed class ConsumerTaskRoleTests
{
    /// <summary>What the consumer calls in every mode: reading the stream, and the lease store on an existing table.</summary>
    private static readonly string[] Always =
    [
        "kinesis:" + KinesisOperations.DescribeStreamSummary,
        "kinesis:" + KinesisOperations.ListShards,
        "kinesis:" + KinesisOperations.GetShardIterator,
        "kinesis:" + KinesisOperations.GetRecords,
        .. LeaseTableOperations.Worker.Select(LeaseTableOperations.IamAction),
    ];

    /// <summary>What enhanced fan-out adds (StreamConsumerRegistration and the SubscribeToShard reader).</summary>
    private static readonly string[] FanOut =
    [
        "kinesis:" + KinesisOperations.ListStreamConsumers,
        "kinesis:" + KinesisOperations.RegisterStreamConsumer,
        "kinesis:" + KinesisOperations.DescribeStreamConsumer,
        "kinesis:" + KinesisOperations.SubscribeToShard,
    ];

    /// <summary>What FlowLogs:DiscoverFormats adds.</summary>
    private static readonly string[] DiscoverFormats = ["ec2:" + Ec2Operations.DescribeFlowLogs];

    /// <summary>Operations the code can call that the running consumer never does, and who calls them instead.</summary>
    private static readonly Dictionary<string, string> NotTheConsumers = new(StringComparer.Ordinal)
    {
        ["kinesis:" + KinesisOperations.PutRecords] = "kinesisflow produce (load generator, demo)",
        ["kinesis:" + KinesisOperations.DeregisterStreamConsumer] = "operators and tests remove an enhanced fan-out consumer",
        ["kinesis:" + KinesisOperations.CreateStream] = "demo and tests; in AWS the stream comes from infra/stream.yaml",
        ["kinesis:" + KinesisOperations.DeleteStream] = "demo and tests",
        ["kinesis:" + KinesisOperations.SplitShard] = "tests (resharding)",
        ["kinesis:" + KinesisOperations.MergeShards] = "tests (resharding)",
        ["kinesis:" + KinesisOperations.UpdateShardCount] = "tests (resharding)",
        [LeaseTableOperations.IamAction(LeaseTableOperations.CreateTable)] = "only with Leases:CreateTable; the table comes from stream.yaml and the task sets it false",
        ["logs:" + CloudWatchLogsOperations.DescribeLogGroups] = "kinesisflow subscribe / unsubscribe (an operator's CLI)",
        ["logs:" + CloudWatchLogsOperations.CreateLogGroup] = "tests and demo",
        ["logs:" + CloudWatchLogsOperations.PutSubscriptionFilter] = "kinesisflow subscribe",
        ["logs:" + CloudWatchLogsOperations.DescribeSubscriptionFilters] = "kinesisflow subscribe / unsubscribe",
        ["logs:" + CloudWatchLogsOperations.DeleteSubscriptionFilter] = "kinesisflow unsubscribe",
        ["logs:" + CloudWatchLogsOperations.PutAccountPolicy] = "kinesisflow subscribe --account-level",
        ["logs:" + CloudWatchLogsOperations.DescribeAccountPolicies] = "kinesisflow subscribe / unsubscribe --account-level",
        ["logs:" + CloudWatchLogsOperations.DeleteAccountPolicy] = "kinesisflow unsubscribe --account-level",
        ["logs:" + CloudWatchLogsOperations.PutDestination] = "kinesisflow destination create, in the central account",
        ["logs:" + CloudWatchLogsOperations.PutDestinationPolicy] = "kinesisflow destination create, in the central account",
        ["logs:" + CloudWatchLogsOperations.DescribeDestinations] = "kinesisflow destination create / show / delete",
        ["logs:" + CloudWatchLogsOperations.DeleteDestination] = "kinesisflow destination delete",
        ["ec2:" + Ec2Operations.DescribeVpcs] = "kinesisflow flow-logs ensure",
        ["ec2:" + Ec2Operations.CreateFlowLogs] = "kinesisflow flow-logs ensure",
        [OrganizationsOperations.IamAction(OrganizationsOperations.ListAccounts)] = "kinesisflow subscribe / flow-logs ensure --organization, in the management account",
        [StsOperations.IamAction(StsOperations.AssumeRole)] = "kinesisflow subscribe / flow-logs ensure --assume-role-arn, into member accounts",
    };

    /// <summary>Actions AWS authorises on "*" only (no resource-level permission).</summary>
    private static readonly HashSet<string> UnscopedByAws = ["ec2:" + Ec2Operations.DescribeFlowLogs];

    public static TheoryData<string, string> Deployments => new()
    {
        { "polling", "false" },
        { "polling", "true" },
        { "fanout", "false" },
        { "fanout", "true" },
    };

    [Fact]
    public void Every_operation_in_the_catalogs_is_classified()
    {
        var classified = Always.Concat(FanOut).Concat(DiscoverFormats).Concat(NotTheConsumers.Keys).ToList();
        Assert.Equal(classified.Count, classified.Distinct().Count());
        Assert.Equal(CatalogActions().Order(StringComparer.Ordinal), classified.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Deployments))]
    public void Task_role_grants_exactly_what_the_consumer_calls(string mode, string discoverFormats)
    {
        var granted = Statements(mode, discoverFormats).SelectMany(s => s.Actions).ToHashSet(StringComparer.Ordinal);
        var needed = Always
            .Concat(mode == "fanout" ? FanOut : [])
            .Concat(discoverFormats == "true" ? DiscoverFormats : [])
            .Append("kms:Decrypt")
            .ToHashSet(StringComparer.Ordinal);

        Assert.Equal(needed.Order(StringComparer.Ordinal), granted.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Deployments))]
    public void Nothing_is_granted_on_a_wildcard_action_or_resource(string mode, string discoverFormats)
    {
        foreach (var statement in Statements(mode, discoverFormats))
        {
            Assert.Equal("Allow", statement.Effect);
            Assert.All(statement.Actions, action => Assert.DoesNotContain('*', action));
            Assert.All(statement.Actions, action => Assert.Matches("^(kinesis|dynamodb|kms|ec2):[A-Z][A-Za-z]+$", action));
            if (statement.Resource is "*")
            {
                Assert.All(statement.Actions, action => Assert.Contains(action, UnscopedByAws));
            }
            else
            {
                Assert.IsType<Dictionary<string, object?>>(statement.Resource);
            }
        }
    }

    [Fact]
    public void Stream_actions_are_scoped_to_the_stream_and_its_consumer_and_the_key_to_kinesis()
    {
        var statements = Statements("fanout", "false");
        Assert.All(statements.Where(s => s.Actions.Any(a => a is "kinesis:GetRecords" or "kinesis:RegisterStreamConsumer")), s =>
            Assert.Equal(new Dictionary<string, object?> { ["Ref"] = "StreamArn" }, s.Resource));
        var subscribe = Assert.Single(statements, s => s.Actions.Contains("kinesis:SubscribeToShard"));
        Assert.Equal(new Dictionary<string, object?> { ["Fn::Sub"] = "${StreamArn}/consumer/${StreamConsumerName}:*" }, subscribe.Resource);
        var decrypt = Assert.Single(statements, s => s.Actions.Contains("kms:Decrypt"));
        Assert.Equal(["kms:Decrypt"], decrypt.Actions);
        Assert.Contains("kms:ViaService", decrypt.Condition ?? "");
    }

    [Fact]
    public void The_task_never_creates_the_lease_table_it_may_not_create()
    {
        var environment = ((List<object?>)DockerfileTests.EcsContainer()["Environment"]!).Cast<Dictionary<string, object?>>();
        Assert.Contains(environment, e => (string?)e["Name"] == "KINESISFLOW__Leases__CreateTable" && (string?)e["Value"] == "false");
        var statements = Statements("polling", "false");
        var table = Assert.Single(statements, s => s.Actions.Any(a => a is "dynamodb:Scan"));
        Assert.DoesNotContain("dynamodb:CreateTable", table.Actions);
        Assert.Equal(
            new Dictionary<string, object?> { ["Fn::Sub"] = "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${LeaseTableName}" },
            table.Resource);
        var index = Assert.Single(statements, s => s.Actions.Contains("dynamodb:Query"));
        Assert.Equal(["dynamodb:Query"], index.Actions);
        Assert.Equal(
            new Dictionary<string, object?> { ["Fn::Sub"] = "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${LeaseTableName}/index/" + DynamoDbLeaseStore.OwnerIndexName },
            index.Resource);
    }

    private sealed record Statement(string Effect, IReadOnlyList<string> Actions, object? Resource, string? Condition);

    private static List<Statement> Statements(string mode, string discoverFormats)
    {
        var template = Templates.Load("consumer-ecs.yaml");
        var evaluator = new CfnEvaluator(template, new Dictionary<string, string>(TemplateStructureTests.RequiredParameterStandIns(template))
        {
            ["RetrievalMode"] = mode,
            ["DiscoverFormats"] = discoverFormats,
        });
        var role = evaluator.Resource("TaskRole")!;
        var policies = (List<object?>)((Dictionary<string, object?>)role["Properties"]!)["Policies"]!;
        var statements = new List<Statement>();
        foreach (var policy in policies.Cast<Dictionary<string, object?>>())
        {
            var document = (Dictionary<string, object?>)policy["PolicyDocument"]!;
            foreach (var statement in ((List<object?>)document["Statement"]!).Cast<Dictionary<string, object?>>())
            {
                var actions = statement["Action"] switch
                {
                    string one => [one],
                    List<object?> many => many.Cast<string>().ToList(),
                    var other => throw new InvalidDataException($"Action must be a string or a list, not {other}"),
                };
                statements.Add(new((string)statement["Effect"]!, actions, statement["Resource"], statement.TryGetValue("Condition", out var c) ? System.Text.Json.JsonSerializer.Serialize(c) : null));
            }
        }

        return statements;
    }

    /// <summary>"service:Operation" for every public const string of the clients' operation catalogs.</summary>
    private static IEnumerable<string> CatalogActions() =>
        Constants(typeof(KinesisOperations)).Select(op => "kinesis:" + op)
            .Concat(Constants(typeof(CloudWatchLogsOperations)).Select(CloudWatchLogsOperations.IamAction))
            .Concat(Constants(typeof(Ec2Operations)).Select(op => "ec2:" + op))
            .Concat(Constants(typeof(OrganizationsOperations)).Select(OrganizationsOperations.IamAction))
            .Concat(Constants(typeof(StsOperations)).Select(StsOperations.IamAction))
            .Concat(Constants(typeof(LeaseTableOperations)).Select(LeaseTableOperations.IamAction));

    private static IEnumerable<string> Constants(Type catalog) =>
        catalog.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!);
}
