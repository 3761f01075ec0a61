namespace KinesisFlow.FlowLogs.Tests.Formats;

public sealed class FlowFieldsTests
{
    [Fact]
    public void Every_enum_value_has_metadata_and_a_unique_aws_name()
    {
        var values = Enum.GetValues<FlowField>().Where(f => f != FlowField.Unknown).ToArray();
        Assert.Equal(values.Length, FlowFields.Count);
        Assert.Equal((int)FlowField.Unknown, FlowFields.Count);
        Assert.Equal(values.Length, FlowFields.All.Select(f => f.AwsName).Distinct().Count());
        foreach (var field in values)
        {
            var info = FlowFields.Info(field);
            Assert.Equal(field, info.Field);
            Assert.True(FlowFields.TryFind(info.AwsName, out var found));
            Assert.Equal(field, found);
            Assert.True(FlowFields.TryFind(info.Key, out var byKey));
            Assert.Equal(field, byKey);
            Assert.Equal(info.AwsName.Replace('-', '_'), info.Key);
            Assert.Equal($"\"{info.Key}\":", System.Text.Encoding.UTF8.GetString(info.JsonPropertyUtf8));
        }
    }

    [Theory]
    [InlineData("version", FlowValueKind.Int32)]
    [InlineData("srcport", FlowValueKind.Int32)]
    [InlineData("dstport", FlowValueKind.Int32)]
    [InlineData("protocol", FlowValueKind.Int32)]
    [InlineData("tcp-flags", FlowValueKind.Int32)]
    [InlineData("traffic-path", FlowValueKind.Int32)]
    [InlineData("encryption-status", FlowValueKind.Int32)]
    [InlineData("packets", FlowValueKind.Int64)]
    [InlineData("bytes", FlowValueKind.Int64)]
    [InlineData("start", FlowValueKind.Int64)]
    [InlineData("end", FlowValueKind.Int64)]
    [InlineData("packets-lost-no-route", FlowValueKind.Int64)]
    [InlineData("packets-lost-blackhole", FlowValueKind.Int64)]
    [InlineData("packets-lost-mtu-exceeded", FlowValueKind.Int64)]
    [InlineData("packets-lost-ttl-expired", FlowValueKind.Int64)]
    [InlineData("account-id", FlowValueKind.String)]
    [InlineData("interface-id", FlowValueKind.String)]
    [InlineData("srcaddr", FlowValueKind.String)]
    [InlineData("tgw-src-vpc-account-id", FlowValueKind.String)]
    [InlineData("sublocation-id", FlowValueKind.String)]
    public void Value_kinds_follow_the_aws_documentation(string name, FlowValueKind kind)
    {
        Assert.True(FlowFields.TryFind(name, out var field));
        Assert.Equal(kind, FlowFields.Info(field).Kind);
    }

    [Fact]
    public void Knows_every_field_aws_documents()
    {
        string[] documented =
        [
            "version", "account-id", "interface-id", "srcaddr", "dstaddr", "srcport", "dstport", "protocol", "packets",
            "bytes", "start", "end", "action", "log-status", "vpc-id", "subnet-id", "instance-id", "tcp-flags", "type",
            "pkt-srcaddr", "pkt-dstaddr", "region", "az-id", "sublocation-type", "sublocation-id",
            "pkt-src-aws-service", "pkt-dst-aws-service", "flow-direction", "traffic-path", "ecs-cluster-arn",
            "ecs-cluster-name", "ecs-container-instance-arn", "ecs-container-instance-id", "ecs-container-id",
            "ecs-second-container-id", "ecs-service-name", "ecs-task-definition-arn", "ecs-task-arn", "ecs-task-id",
            "reject-reason", "resource-id", "encryption-status", "resource-type", "tgw-id", "tgw-attachment-id",
            "tgw-src-vpc-account-id", "tgw-dst-vpc-account-id", "tgw-src-vpc-id", "tgw-dst-vpc-id",
            "tgw-src-subnet-id", "tgw-dst-subnet-id", "tgw-src-eni", "tgw-dst-eni", "tgw-src-az-id", "tgw-dst-az-id",
            "tgw-pair-attachment-id", "packets-lost-no-route", "packets-lost-blackhole", "packets-lost-mtu-exceeded",
            "packets-lost-ttl-expired",
        ];
        Assert.Equal(documented.Order(StringComparer.Ordinal), FlowFields.All.Select(f => f.AwsName).Order(StringComparer.Ordinal));
    }
}
