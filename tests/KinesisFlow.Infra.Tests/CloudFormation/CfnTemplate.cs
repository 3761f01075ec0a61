using YamlDotNet.RepresentationModel;

namespace KinesisFlow.Infra.Tests.CloudFormation;

/// <summary>
/// A CloudFormation template read into plain values: <see cref="Dictionary{TKey,TValue}"/> for mappings,
/// <see cref="List{T}"/> for sequences, <see cref="string"/> for scalars. Short-form tags (<c>!Ref</c>, <c>!Sub</c>,
/// <c>!GetAtt</c>, ...) are rewritten to their long form (<c>{"Ref": ...}</c>, <c>{"Fn::Sub": ...}</c>) so that every
/// check sees one shape whichever form the author used.
/// </summary>
public sealed class CfnTemplate
{
    private CfnTemplate(string name, Dictionary<string, object?> root)
    {
        Name = name;
        Root = root;
    }

    public string Name { get; }

    public Dictionary<string, object?> Root { get; }

    public Dictionary<string, object?> Parameters => Section("Parameters");

    public Dictionary<string, object?> Conditions => Section("Conditions");

    public Dictionary<string, object?> Resources => Section("Resources");

    public Dictionary<string, object?> Outputs => Section("Outputs");

    public static CfnTemplate Load(string path)
    {
        using var reader = new StreamReader(path);
        var stream = new YamlStream();
        stream.Load(reader);
        if (stream.Documents.Count != 1)
        {
            throw new InvalidDataException($"{path}: expected one YAML document, found {stream.Documents.Count}.");
        }

        var root = Convert(stream.Documents[0].RootNode) as Dictionary<string, object?>
            ?? throw new InvalidDataException($"{path}: the template is not a mapping.");
        return new CfnTemplate(Path.GetFileName(path), root);
    }

    /// <summary>The resource's <c>Properties</c> mapping.</summary>
    public Dictionary<string, object?> PropertiesOf(string logicalId) =>
        (Dictionary<string, object?>)((Dictionary<string, object?>)Resources[logicalId]!)["Properties"]!;

    private Dictionary<string, object?> Section(string name) =>
        Root.TryGetValue(name, out var section) && section is Dictionary<string, object?> map ? map : [];

    private static object? Convert(YamlNode node)
    {
        object? value = node switch
        {
            YamlScalarNode scalar => scalar.Value,
            YamlSequenceNode sequence => sequence.Children.Select(Convert).ToList(),
            YamlMappingNode mapping => ConvertMapping(mapping),
            _ => throw new InvalidDataException($"Unsupported YAML node at {node.Start}."),
        };
        return node.Tag.IsEmpty || node.Tag.IsNonSpecific ? value : LongForm(node, value);
    }

    private static Dictionary<string, object?> ConvertMapping(YamlMappingNode mapping)
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, child) in mapping.Children)
        {
            var name = ((YamlScalarNode)key).Value ?? "";
            if (!map.TryAdd(name, Convert(child)))
            {
                throw new InvalidDataException($"Duplicate key '{name}' at {key.Start}.");
            }
        }

        return map;
    }

    private static Dictionary<string, object?> LongForm(YamlNode node, object? value)
    {
        var tag = node.Tag.Value.TrimStart('!');
        return tag switch
        {
            "Ref" => new() { ["Ref"] = value },
            "Condition" => new() { ["Condition"] = value },
            // Short-form GetAtt is "Resource.Attribute"; the attribute itself may contain dots (Endpoint.Address).
            "GetAtt" when value is string dotted => new()
            {
                ["Fn::GetAtt"] = dotted.Split('.', 2).Cast<object?>().ToList(),
            },
            _ when KnownFunctions.Contains(tag) => new() { ["Fn::" + tag] = value },
            _ => throw new InvalidDataException($"Unknown CloudFormation tag '!{tag}' at {node.Start}."),
        };
    }

    private static readonly HashSet<string> KnownFunctions =
    [
        "Base64", "Cidr", "FindInMap", "GetAtt", "GetAZs", "ImportValue", "Join", "Select", "Split", "Sub",
        "Transform", "And", "Equals", "If", "Not", "Or", "Length", "ToJsonString",
    ];
}
