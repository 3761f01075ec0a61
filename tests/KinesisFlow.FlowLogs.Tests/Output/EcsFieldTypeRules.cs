using System.Globalization;
using System.Net;
using System.Text.Json;

namespace KinesisFlow.FlowLogs.Tests.Output;

/// <summary>
/// The ECS field types (and allowed values) the <c>ecs</c> output must respect, as Elastic's integration declares its
/// fields: every leaf of an event must match a rule here, so no field can slip out untyped.
/// </summary>
internal static class EcsFieldTypeRules
{
    private enum EcsType
    {
        Date,
        Keyword,
        KeywordArray,
        Long,
        Port,
        Ip,
        IpArray,
        CommunityId,
    }

    private static readonly Dictionary<string, EcsType> Types = new(StringComparer.Ordinal)
    {
        ["@timestamp"] = EcsType.Date,
        ["ecs.version"] = EcsType.Keyword,
        ["event.kind"] = EcsType.Keyword,
        ["event.category"] = EcsType.KeywordArray,
        ["event.type"] = EcsType.KeywordArray,
        ["event.action"] = EcsType.Keyword,
        ["event.outcome"] = EcsType.Keyword,
        ["event.start"] = EcsType.Date,
        ["event.end"] = EcsType.Date,
        ["event.id"] = EcsType.Keyword,
        ["event.reason"] = EcsType.Keyword,
        ["event.original"] = EcsType.Keyword,
        ["source.address"] = EcsType.Keyword,
        ["source.ip"] = EcsType.Ip,
        ["source.port"] = EcsType.Port,
        ["source.bytes"] = EcsType.Long,
        ["source.packets"] = EcsType.Long,
        ["destination.address"] = EcsType.Keyword,
        ["destination.ip"] = EcsType.Ip,
        ["destination.port"] = EcsType.Port,
        ["network.iana_number"] = EcsType.Keyword,
        ["network.transport"] = EcsType.Keyword,
        ["network.type"] = EcsType.Keyword,
        ["network.bytes"] = EcsType.Long,
        ["network.packets"] = EcsType.Long,
        ["network.direction"] = EcsType.Keyword,
        ["network.community_id"] = EcsType.CommunityId,
        ["orchestrator.cluster.id"] = EcsType.Keyword,
        ["orchestrator.cluster.name"] = EcsType.Keyword,
        ["orchestrator.resource.id"] = EcsType.Keyword,
        ["orchestrator.resource.name"] = EcsType.Keyword,
        ["orchestrator.resource.type"] = EcsType.Keyword,
        ["orchestrator.type"] = EcsType.Keyword,
        ["container.id"] = EcsType.Keyword,
        ["service.name"] = EcsType.Keyword,
        ["observer.ingress.interface.id"] = EcsType.Keyword,
        ["observer.egress.interface.id"] = EcsType.Keyword,
        ["related.ip"] = EcsType.IpArray,
        ["cloud.provider"] = EcsType.Keyword,
        ["cloud.account.id"] = EcsType.Keyword,
        ["cloud.instance.id"] = EcsType.Keyword,
        ["cloud.region"] = EcsType.Keyword,
        ["cloud.availability_zone"] = EcsType.Keyword,
        ["aws.vpcflow.pkt_srcaddr"] = EcsType.Ip,
        ["aws.vpcflow.pkt_dstaddr"] = EcsType.Ip,
        ["aws.vpcflow.tcp_flags_array"] = EcsType.KeywordArray,
        ["aws.cloudwatch.log_group"] = EcsType.Keyword,
        ["aws.cloudwatch.log_stream"] = EcsType.Keyword,
        ["aws.cloudwatch.owner"] = EcsType.Keyword,
        ["aws.kinesis.shard_id"] = EcsType.Keyword,
        ["aws.kinesis.sequence_number"] = EcsType.Keyword,
    };

    private static readonly Dictionary<string, string[]> AllowedValues = new(StringComparer.Ordinal)
    {
        ["event.kind"] = ["alert", "asset", "enrichment", "event", "metric", "state", "pipeline_error", "signal"],
        ["event.category"] = ["network"],
        ["event.type"] = ["connection", "allowed", "denied"],
        ["event.outcome"] = ["success", "failure", "unknown"],
        ["network.direction"] = ["ingress", "egress", "inbound", "outbound", "internal", "external", "unknown"],
        ["network.type"] = ["ipv4", "ipv6"],
        ["cloud.provider"] = ["aws"],
        ["orchestrator.type"] = ["ecs"],
        ["orchestrator.resource.type"] = ["container"],
        ["aws.vpcflow.tcp_flags_array"] = ["fin", "syn", "rst", "psh", "ack", "urg"],
    };

    /// <summary>Fails naming the first field whose JSON value does not fit its ECS type.</summary>
    public static void AssertValid(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.True(root.TryGetProperty("@timestamp", out _), "@timestamp is required");
        Visit(root, string.Empty);

        // event.type says what event.action and event.outcome say: allowed with accept/success, denied with reject/failure.
        var @event = root.GetProperty("event");
        var types = @event.GetProperty("type").EnumerateArray().Select(e => e.GetString()).ToArray();
        Assert.Equal("connection", types[0]);
        var action = @event.TryGetProperty("action", out var a) ? a.GetString() : null;
        string[] expected = action switch { "accept" => ["connection", "allowed"], "reject" => ["connection", "denied"], _ => ["connection"] };
        Assert.Equal(expected, types);
    }

    private static void Visit(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                Visit(property.Value, path.Length == 0 ? property.Name : $"{path}.{property.Name}");
            }

            return;
        }

        Assert.True(TypeOf(path, out var type), $"{path} is not a field of the aws.vpcflow data stream");
        Assert.True(Fits(element, type), $"{path} = {element.GetRawText()} is not a valid {type}");
        if (AllowedValues.TryGetValue(path, out var allowed))
        {
            var values = element.ValueKind == JsonValueKind.Array ? element.EnumerateArray().Select(e => e.GetString()) : [element.GetString()];
            Assert.All(values, value => Assert.Contains(value, allowed));
        }
    }

    // Every other aws.vpcflow field (the AWS names, Transit Gateway's and Amazon ECS's included) is a keyword.
    private static bool TypeOf(string path, out EcsType type)
    {
        if (Types.TryGetValue(path, out type))
        {
            return true;
        }

        type = EcsType.Keyword;
        return path.StartsWith("aws.vpcflow.", StringComparison.Ordinal);
    }

    private static bool Fits(JsonElement value, EcsType type) => type switch
    {
        EcsType.Date => value.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParseExact(value.GetString(), "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _),
        EcsType.Keyword => value.ValueKind == JsonValueKind.String && value.GetString()!.Length > 0,
        EcsType.KeywordArray => value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String),
        EcsType.Long => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        EcsType.Port => value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var port) && port is >= 0 and <= 65535,
        EcsType.Ip => value.ValueKind == JsonValueKind.String && IPAddress.TryParse(value.GetString(), out _),
        EcsType.IpArray => value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > 0
            && value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String && IPAddress.TryParse(e.GetString(), out _)),
        // "1:" and the base64 of a 20-byte SHA-1, as Community ID v1 writes it.
        EcsType.CommunityId => value.ValueKind == JsonValueKind.String && value.GetString() is { Length: 30 } id && id.StartsWith("1:", StringComparison.Ordinal)
            && Convert.TryFromBase64String(id[2..], new byte[20], out var length) && length == 20,
        _ => false,
    };
}
