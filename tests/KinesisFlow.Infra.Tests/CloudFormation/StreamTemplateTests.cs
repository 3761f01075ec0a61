namespace KinesisFlow.Infra.Tests.CloudFormation;

/// <summary>What stream.yaml promises: the stream's modes and encryption, a KCL-shaped lease table, a narrowly trusted role.</summary>
public sealed class StreamTemplateTests
{
    private static readonly CfnTemplate Template = Templates.Load("stream.yaml");

    [Theory]
    [InlineData("ON_DEMAND", null)]
    [InlineData("PROVISIONED", "12")]
    public void Stream_is_on_demand_by_default_or_provisioned_with_a_shard_count(string mode, string? shards)
    {
        var overrides = new Dictionary<string, string> { ["StreamMode"] = mode };
        if (shards is not null)
        {
            overrides["ShardCount"] = shards;
        }

        var stream = Properties(new CfnEvaluator(Template, overrides).Resource("Stream")!);

        Assert.Equal(new Dictionary<string, object?> { ["Ref"] = "StreamMode" }, ((Dictionary<string, object?>)stream["StreamModeDetails"]!)["StreamMode"]);
        Assert.Equal(shards is not null, stream.ContainsKey("ShardCount"));
        Assert.Equal("ON_DEMAND", ((Dictionary<string, object?>)Template.Parameters["StreamMode"]!)["Default"]);
    }

    [Theory]
    [InlineData("", "StreamKey")]
    [InlineData("arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab", null)]
    public void Stream_is_encrypted_with_a_dedicated_key_or_the_given_one(string keyArn, string? createdKey)
    {
        var evaluator = new CfnEvaluator(Template, new Dictionary<string, string> { ["KmsKeyArn"] = keyArn });
        var encryption = (Dictionary<string, object?>)Properties(evaluator.Resource("Stream")!)["StreamEncryption"]!;

        Assert.Equal("KMS", encryption["EncryptionType"]);
        Assert.Equal(
            createdKey is null ? new Dictionary<string, object?> { ["Ref"] = "KmsKeyArn" } : new Dictionary<string, object?> { ["Fn::GetAtt"] = new List<object?> { createdKey, "Arn" } },
            encryption["KeyId"]);
        Assert.Equal(createdKey is not null, evaluator.Resource("StreamKey") is not null);
    }

    [Fact]
    public void Lease_table_has_the_kcl_key_and_owner_index_on_demand_billing_and_point_in_time_recovery()
    {
        var table = Template.PropertiesOf("LeaseTable");
        Assert.Equal("PAY_PER_REQUEST", table["BillingMode"]);
        Assert.Equal(
            [
                new Dictionary<string, object?> { ["AttributeName"] = "leaseKey", ["AttributeType"] = "S" },
                new Dictionary<string, object?> { ["AttributeName"] = "leaseOwner", ["AttributeType"] = "S" },
            ],
            (List<object?>)table["AttributeDefinitions"]!);
        Assert.Equal(
            new Dictionary<string, object?> { ["AttributeName"] = "leaseKey", ["KeyType"] = "HASH" },
            Assert.Single((List<object?>)table["KeySchema"]!));
        var index = (Dictionary<string, object?>)Assert.Single((List<object?>)table["GlobalSecondaryIndexes"]!)!;
        Assert.Equal(KinesisFlow.Leases.DynamoDb.DynamoDbLeaseStore.OwnerIndexName, index["IndexName"]);
        Assert.Equal(
            [
                new Dictionary<string, object?> { ["AttributeName"] = "leaseOwner", ["KeyType"] = "HASH" },
                new Dictionary<string, object?> { ["AttributeName"] = "leaseKey", ["KeyType"] = "RANGE" },
            ],
            (List<object?>)index["KeySchema"]!);
        Assert.Equal("KEYS_ONLY", ((Dictionary<string, object?>)index["Projection"]!)["ProjectionType"]);
        Assert.Equal("true", ((Dictionary<string, object?>)table["PointInTimeRecoverySpecification"]!)["PointInTimeRecoveryEnabled"]);
        Assert.Equal("Retain", ((Dictionary<string, object?>)Template.Resources["LeaseTable"]!)["DeletionPolicy"]);
    }

    [Fact]
    public void Subscription_role_trusts_only_this_accounts_cloudwatch_logs_and_may_only_put_records()
    {
        var role = Template.PropertiesOf("SubscriptionRole");
        var trust = (Dictionary<string, object?>)Assert.Single((List<object?>)((Dictionary<string, object?>)role["AssumeRolePolicyDocument"]!)["Statement"]!)!;
        Assert.Equal(new Dictionary<string, object?> { ["Service"] = "logs.amazonaws.com" }, trust["Principal"]);
        var condition = (Dictionary<string, object?>)trust["Condition"]!;
        Assert.Equal(new Dictionary<string, object?> { ["Ref"] = "AWS::AccountId" }, ((Dictionary<string, object?>)condition["StringEquals"]!)["aws:SourceAccount"]);
        Assert.Equal(
            new Dictionary<string, object?> { ["Fn::Sub"] = "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:*" },
            ((Dictionary<string, object?>)condition["ArnLike"]!)["aws:SourceArn"]);

        var statements = ((List<object?>)((Dictionary<string, object?>)((Dictionary<string, object?>)Assert.Single((List<object?>)role["Policies"]!)!)["PolicyDocument"]!)["Statement"]!)
            .Cast<Dictionary<string, object?>>().ToList();
        Assert.Equal(["kinesis:PutRecord", "kms:GenerateDataKey"], statements.Select(s => (string)s["Action"]!));
        Assert.Equal(new Dictionary<string, object?> { ["Fn::GetAtt"] = new List<object?> { "Stream", "Arn" } }, statements[0]["Resource"]);
    }

    private static Dictionary<string, object?> Properties(Dictionary<string, object?> resource) => (Dictionary<string, object?>)resource["Properties"]!;
}
