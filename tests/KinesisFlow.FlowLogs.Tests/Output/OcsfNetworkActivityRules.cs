using System.Net;
using System.Text.Json;

namespace KinesisFlow.FlowLogs.Tests.Output;

/// <summary>
/// What OCSF 1.1.0 asks of a Network Activity (class 4001) event, encoded for the tests from the schema's own
/// definitions (events/base_event.json, events/network/network.json and network_activity.json with
/// includes/network/network_activities.json, the cloud and security_control profiles, objects/network_endpoint.json,
/// objects/network_connection_info.json, objects/observable.json and dictionary.json at tag v1.1.0): the required
/// attributes, the type, enum values and captions of every attribute the <c>ocsf</c> writer uses, the endpoints'
/// at-least-one constraint, the observables' shape, and the rule that anything not in the class sits under
/// <c>unmapped</c>. A wrong id, a caption that does not match its id, or an attribute the class lacks fails.
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

    // Base event (classification, occurrence, metadata), cloud profile (cloud, cloud.provider), security_control
    // profile (action_id), network class (src_endpoint; dst_endpoint is checked apart, see AssertValid).
    private static readonly string[] Required =
    [
        "activity_id", "category_uid", "class_uid", "type_uid", "severity_id", "time",
        "metadata", "metadata.version", "metadata.product", "metadata.product.vendor_name",
        "cloud", "cloud.provider", "action_id", "src_endpoint",
    ];

    // network_endpoint's constraint: at least one of these in every endpoint object.
    private static readonly string[] EndpointAtLeastOne = ["ip", "uid", "name", "hostname", "svc_name", "instance_uid", "interface_uid", "interface_name"];

    // Each enum's ids with their captions; a *_name/sibling attribute must carry the caption of its id.
    private static readonly Dictionary<string, (string Sibling, Dictionary<long, string> Captions)> Enums = new(StringComparer.Ordinal)
    {
        // network_activities.json (1-6) plus the base event's 0 and 99; nothing else in 1.1.0.
        ["activity_id"] = ("activity_name", new() { [0] = "Unknown", [1] = "Open", [2] = "Close", [3] = "Reset", [4] = "Fail", [5] = "Refuse", [6] = "Traffic", [99] = "Other" }),
        ["category_uid"] = ("category_name", new() { [4] = "Network Activity" }),
        ["class_uid"] = ("class_name", new() { [4001] = "Network Activity" }),
        ["severity_id"] = ("severity", new() { [0] = "Unknown", [1] = "Informational", [2] = "Low", [3] = "Medium", [4] = "High", [5] = "Critical", [6] = "Fatal", [99] = "Other" }),
        ["action_id"] = ("action", new() { [0] = "Unknown", [1] = "Allowed", [2] = "Denied", [99] = "Other" }),
        ["disposition_id"] = ("disposition", new()
        {
            [0] = "Unknown", [1] = "Allowed", [2] = "Blocked", [3] = "Quarantined", [4] = "Isolated", [5] = "Deleted", [6] = "Dropped",
            [7] = "Custom Action", [8] = "Approved", [9] = "Restored", [10] = "Exonerated", [11] = "Corrected", [12] = "Partially Corrected",
            [13] = "Uncorrected", [14] = "Delayed", [15] = "Detected", [16] = "No Action", [17] = "Logged", [18] = "Tagged", [19] = "Alert",
            [20] = "Count", [21] = "Reset", [22] = "Captcha", [23] = "Challenge", [24] = "Access Revoked", [25] = "Rejected",
            [26] = "Unauthorized", [27] = "Error", [99] = "Other",
        }),
        ["connection_info.protocol_ver_id"] = ("connection_info.protocol_ver", new() { [0] = "Unknown", [4] = "Internet Protocol version 4 (IPv4)", [6] = "Internet Protocol version 6 (IPv6)", [99] = "Other" }),
        ["connection_info.direction_id"] = ("connection_info.direction", new() { [0] = "Unknown", [1] = "Inbound", [2] = "Outbound", [3] = "Lateral", [99] = "Other" }),
        ["connection_info.boundary_id"] = ("connection_info.boundary", new()
        {
            [0] = "Unknown", [1] = "Localhost", [2] = "Internal", [3] = "External", [4] = "Same VPC", [5] = "Internet/VPC Gateway",
            [6] = "Virtual Private Gateway", [7] = "Intra-region VPC", [8] = "Inter-region VPC", [9] = "Local Gateway", [10] = "Gateway VPC",
            [11] = "Internet Gateway", [99] = "Other",
        }),
    };

    // observable.type_id: 0 and 99 from observable.json, the rest from the dictionary's types that declare an
    // observable number (hostname_t 1, ip_t 2, mac_t 3, username_t 4, email_t 5, url_t 6, file_name_t 7,
    // file_hash_t 8, process_name_t 9, resource_uid_t 10).
    private static readonly Dictionary<long, string> ObservableTypes = new()
    {
        [0] = "Unknown", [1] = "Hostname", [2] = "IP Address", [3] = "MAC Address", [4] = "User Name", [5] = "Email Address",
        [6] = "URL String", [7] = "File Name", [8] = "Hash", [9] = "Process Name", [10] = "Resource UID", [99] = "Other",
    };

    private static readonly Dictionary<string, OcsfType> Types = new(StringComparer.Ordinal)
    {
        ["activity_id"] = OcsfType.Integer,
        ["activity_name"] = OcsfType.String,
        ["type_name"] = OcsfType.String,
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
        ["duration"] = OcsfType.Integer,
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

    /// <summary>Fails naming the first rule the event breaks.</summary>
    public static void AssertValid(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        foreach (var path in Required)
        {
            Assert.True(TryGet(root, path, out _), $"required attribute {path} is missing");
        }

        // dst_endpoint is required too; only a record that reports no connection (activity 0, NODATA/SKIPDATA: no
        // address at all) has nothing to put in it, and Security Lake then leaves it out rather than write it empty.
        var activity = root.GetProperty("activity_id").GetInt64();
        Assert.True(activity == 0 || root.TryGetProperty("dst_endpoint", out _), "required attribute dst_endpoint is missing");
        foreach (var name in new[] { "src_endpoint", "dst_endpoint" })
        {
            if (root.TryGetProperty(name, out var endpoint))
            {
                Assert.True(EndpointAtLeastOne.Any(a => endpoint.TryGetProperty(a, out _)), $"{name} has none of {string.Join(", ", EndpointAtLeastOne)}");
            }
        }

        Assert.Equal((root.GetProperty("class_uid").GetInt64() * 100) + activity, root.GetProperty("type_uid").GetInt64());
        if (root.TryGetProperty("type_name", out var typeName))
        {
            Assert.Equal($"Network Activity: {Enums["activity_id"].Captions[activity]}", typeName.GetString());
        }

        foreach (var (path, (sibling, captions)) in Enums)
        {
            if (TryGet(root, path, out var id))
            {
                Assert.True(captions.ContainsKey(id.GetInt64()), $"{path} = {id.GetInt64()} is not a value of the OCSF 1.1.0 enum");
                if (TryGet(root, sibling, out var caption) && id.GetInt64() != 99)
                {
                    Assert.Equal(captions[id.GetInt64()], caption.GetString());
                }
            }
        }

        if (root.TryGetProperty("observables", out var observables))
        {
            AssertObservables(root, observables);
        }
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
        if (path == "observables")
        {
            return; // checked as a whole by AssertObservables
        }

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
    }

    // Each observable names an attribute of this event and repeats its value, with a type id and caption of 1.1.0.
    private static void AssertObservables(JsonElement root, JsonElement observables)
    {
        Assert.Equal(JsonValueKind.Array, observables.ValueKind);
        Assert.True(observables.GetArrayLength() > 0, "observables is empty");
        foreach (var observable in observables.EnumerateArray())
        {
            Assert.True(observable.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String, "observable.name is required");
            Assert.True(observable.TryGetProperty("type_id", out var typeId) && typeId.ValueKind == JsonValueKind.Number, "observable.type_id is required");
            Assert.True(ObservableTypes.TryGetValue(typeId.GetInt64(), out var caption), $"observable.type_id {typeId.GetInt64()} is not an OCSF 1.1.0 observable type");
            Assert.Equal(caption, observable.GetProperty("type").GetString());
            Assert.True(TryGet(root, name.GetString()!, out var attribute), $"observable {name.GetString()} names no attribute of the event");
            Assert.Equal(attribute.GetString(), observable.GetProperty("value").GetString());
            foreach (var property in observable.EnumerateObject())
            {
                Assert.Contains(property.Name, new[] { "name", "type", "type_id", "value", "reputation" });
            }
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
