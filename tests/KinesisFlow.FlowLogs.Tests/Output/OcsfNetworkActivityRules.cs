using System.Net;
using System.Text.Json;

namespace KinesisFlow.FlowLogs.Tests.Output;

/// <summary>
/// What OCSF 1.1.0 asks of a Network Activity (class 4001) event, encoded for the tests: the required attributes of
/// the base event and the class, the type and enum values of every attribute the <c>ocsf</c> writer uses, and the
/// rule that anything not in the class sits under <c>unmapped</c>.
/// </summary>
internal static class OcsfNetworkActivityRules
{
    private enum OcsfType
    {
        Integer,
        Long,
        Timestamp,
        String,
        Ip,
        IpArray,
        Port,
        StringArray,
        Object,
    }

    private static readonly string[] Required =
    [
        "activity_id", "category_uid", "class_uid", "type_uid", "severity_id", "time",
        "metadata", "metadata.version", "metadata.product", "metadata.product.vendor_name",
    ];

    private static readonly Dictionary<string, OcsfType> Types = new(StringComparer.Ordinal)
    {
        ["activity_id"] = OcsfType.Integer,
        ["activity_name"] = OcsfType.String,
        ["category_uid"] = OcsfType.Integer,
        ["category_name"] = OcsfType.String,
        ["class_uid"] = OcsfType.Integer,
        ["class_name"] = OcsfType.String,
        ["type_uid"] = OcsfType.Long,
        ["severity_id"] = OcsfType.Integer,
        ["severity"] = OcsfType.String,
        ["action_id"] = OcsfType.Integer,
        ["action"] = OcsfType.String,
        ["disposition_id"] = OcsfType.Integer,
        ["disposition"] = OcsfType.String,
        ["time"] = OcsfType.Timestamp,
        ["start_time"] = OcsfType.Timestamp,
        ["end_time"] = OcsfType.Timestamp,
        ["duration"] = OcsfType.Long,
        ["status_code"] = OcsfType.String,
        ["metadata.version"] = OcsfType.String,
        ["metadata.product.name"] = OcsfType.String,
        ["metadata.product.vendor_name"] = OcsfType.String,
        ["metadata.product.version"] = OcsfType.String,
        ["metadata.product.feature.name"] = OcsfType.String,
        ["metadata.profiles"] = OcsfType.StringArray,
        ["metadata.uid"] = OcsfType.String,
        ["metadata.log_name"] = OcsfType.String,
        ["metadata.log_provider"] = OcsfType.String,
        ["metadata.logged_time"] = OcsfType.Timestamp,
        ["cloud.provider"] = OcsfType.String,
        ["cloud.account.uid"] = OcsfType.String,
        ["cloud.region"] = OcsfType.String,
        ["cloud.zone"] = OcsfType.String,
        ["connection_info.protocol_num"] = OcsfType.Integer,
        ["connection_info.protocol_name"] = OcsfType.String,
        ["connection_info.protocol_ver_id"] = OcsfType.Integer,
        ["connection_info.protocol_ver"] = OcsfType.String,
        ["connection_info.tcp_flags"] = OcsfType.Integer,
        ["connection_info.direction_id"] = OcsfType.Integer,
        ["connection_info.direction"] = OcsfType.String,
        ["connection_info.boundary_id"] = OcsfType.Integer,
        ["connection_info.boundary"] = OcsfType.String,
        ["traffic.bytes"] = OcsfType.Long,
        ["traffic.packets"] = OcsfType.Long,
    };

    // network_endpoint attributes, the same for src_endpoint and dst_endpoint.
    private static readonly Dictionary<string, OcsfType> EndpointTypes = new(StringComparer.Ordinal)
    {
        ["ip"] = OcsfType.Ip,
        ["port"] = OcsfType.Port,
        ["intermediate_ips"] = OcsfType.IpArray,
        ["svc_name"] = OcsfType.String,
        ["interface_uid"] = OcsfType.String,
        ["vpc_uid"] = OcsfType.String,
        ["subnet_uid"] = OcsfType.String,
        ["instance_uid"] = OcsfType.String,
    };

    private static readonly Dictionary<string, long[]> Enums = new(StringComparer.Ordinal)
    {
        ["activity_id"] = [0, 1, 2, 3, 4, 5, 6, 7, 99],
        ["category_uid"] = [4],
        ["class_uid"] = [4001],
        ["severity_id"] = [0, 1, 2, 3, 4, 5, 6, 99],
        ["action_id"] = [0, 1, 2, 99],
        ["disposition_id"] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 99],
        ["connection_info.protocol_ver_id"] = [0, 4, 6, 99],
        ["connection_info.direction_id"] = [0, 1, 2, 3, 99],
        ["connection_info.boundary_id"] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 99],
    };

    /// <summary>Fails naming the first rule the event breaks.</summary>
    public static void AssertValid(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        foreach (var path in Required)
        {
            Assert.True(TryGet(root, path, out _), $"required attribute {path} is missing");
        }

        Assert.True(root.TryGetProperty("src_endpoint", out _) || root.TryGetProperty("dst_endpoint", out _), "Network Activity needs src_endpoint or dst_endpoint");
        Assert.Equal((root.GetProperty("class_uid").GetInt64() * 100) + root.GetProperty("activity_id").GetInt64(), root.GetProperty("type_uid").GetInt64());
        if (root.TryGetProperty("cloud", out var cloud))
        {
            Assert.True(cloud.TryGetProperty("provider", out _), "cloud.provider is required in a cloud object");
        }

        if (root.TryGetProperty("connection_info", out var connection))
        {
            Assert.True(connection.TryGetProperty("direction_id", out _), "connection_info.direction_id is required");
        }

        foreach (var property in root.EnumerateObject())
        {
            Visit(property.Value, property.Name);
        }
    }

    private static void Visit(JsonElement element, string path)
    {
        if (path == "unmapped")
        {
            Assert.Equal(JsonValueKind.Object, element.ValueKind);
            return;
        }

        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                Visit(property.Value, $"{path}.{property.Name}");
            }

            return;
        }

        Assert.True(TypeOf(path, out var type), $"{path} is not an attribute of OCSF 1.1.0 Network Activity; it belongs under unmapped");
        Assert.True(Fits(element, type), $"{path} = {element.GetRawText()} is not a valid {type}");
        if (Enums.TryGetValue(path, out var allowed))
        {
            Assert.Contains(element.GetInt64(), allowed);
        }
    }

    private static bool TypeOf(string path, out OcsfType type)
    {
        if (Types.TryGetValue(path, out type))
        {
            return true;
        }

        foreach (var endpoint in new[] { "src_endpoint.", "dst_endpoint." })
        {
            if (path.StartsWith(endpoint, StringComparison.Ordinal) && EndpointTypes.TryGetValue(path[endpoint.Length..], out type))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Fits(JsonElement value, OcsfType type) => type switch
    {
        OcsfType.Integer => value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out _),
        OcsfType.Long => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        OcsfType.Timestamp => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var ms) && ms > 0,
        OcsfType.String => value.ValueKind == JsonValueKind.String,
        OcsfType.Ip => value.ValueKind == JsonValueKind.String && IPAddress.TryParse(value.GetString(), out _),
        OcsfType.IpArray => value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(e => IPAddress.TryParse(e.GetString(), out _)),
        OcsfType.Port => value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var port) && port is >= 0 and <= 65535,
        OcsfType.StringArray => value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String),
        OcsfType.Object => value.ValueKind == JsonValueKind.Object,
        _ => false,
    };

    private static bool TryGet(JsonElement root, string path, out JsonElement value)
    {
        value = root;
        foreach (var part in path.Split('.'))
        {
            if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(part, out value))
            {
                return false;
            }
        }

        return true;
    }
}
