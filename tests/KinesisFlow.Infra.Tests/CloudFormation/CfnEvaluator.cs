namespace KinesisFlow.Infra.Tests.CloudFormation;

/// <summary>
/// Evaluates a template's conditions for a set of parameter values (defaults unless overridden) and resolves
/// <c>Fn::If</c> and <c>AWS::NoValue</c>, as CloudFormation would at deploy time, so tests can inspect what a given
/// deployment really creates. Every other intrinsic function is left as it is.
/// </summary>
public sealed class CfnEvaluator
{
    private readonly CfnTemplate _template;
    private readonly Dictionary<string, string> _parameters;
    private readonly Dictionary<string, bool> _conditions = new(StringComparer.Ordinal);

    public CfnEvaluator(CfnTemplate template, IReadOnlyDictionary<string, string>? overrides = null)
    {
        _template = template;
        _parameters = new(StringComparer.Ordinal);
        foreach (var (name, declaration) in template.Parameters)
        {
            var declared = (Dictionary<string, object?>)declaration!;
            if (overrides is not null && overrides.TryGetValue(name, out var value))
            {
                _parameters[name] = value;
            }
            else if (declared.TryGetValue("Default", out var fallback))
            {
                _parameters[name] = fallback as string ?? "";
            }
        }

        if (overrides is not null && overrides.Keys.FirstOrDefault(k => !template.Parameters.ContainsKey(k)) is { } unknown)
        {
            throw new ArgumentException($"{template.Name} has no parameter {unknown}.", nameof(overrides));
        }
    }

    public bool Condition(string name)
    {
        if (!_conditions.TryGetValue(name, out var value))
        {
            value = Truth(_template.Conditions[name]);
            _conditions[name] = value;
        }

        return value;
    }

    /// <summary>The resource as deployed, or null when its Condition is false.</summary>
    public Dictionary<string, object?>? Resource(string logicalId)
    {
        var resource = (Dictionary<string, object?>)_template.Resources[logicalId]!;
        if (resource.TryGetValue("Condition", out var condition) && !Condition((string)condition!))
        {
            return null;
        }

        return (Dictionary<string, object?>?)Resolve(resource);
    }

    /// <summary>The node with Fn::If branches taken and AWS::NoValue removed; <see cref="NoValue"/> if it vanishes.</summary>
    public object? Resolve(object? node)
    {
        switch (node)
        {
            case Dictionary<string, object?> map when map.Count == 1 && map.TryGetValue("Fn::If", out var branches):
                var list = (List<object?>)branches!;
                return Resolve(Condition((string)list[0]!) ? list[1] : list[2]);
            case Dictionary<string, object?> map when map.Count == 1 && map.TryGetValue("Ref", out var name) && (string?)name == "AWS::NoValue":
                return NoValue;
            case Dictionary<string, object?> map:
                var resolvedMap = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var (key, value) in map)
                {
                    var resolved = Resolve(value);
                    if (!ReferenceEquals(resolved, NoValue))
                    {
                        resolvedMap[key] = resolved;
                    }
                }

                return resolvedMap;
            case List<object?> items:
                return items.Select(Resolve).Where(v => !ReferenceEquals(v, NoValue)).ToList();
            default:
                return node;
        }
    }

    /// <summary>Marker for a value removed by <c>AWS::NoValue</c>.</summary>
    public static readonly object NoValue = new();

    private bool Truth(object? node)
    {
        var (function, argument) = SingleEntry(node);
        var arguments = argument as List<object?>;
        return function switch
        {
            "Fn::Equals" => string.Equals(Scalar(arguments![0]), Scalar(arguments[1]), StringComparison.Ordinal),
            "Fn::Not" => !Truth(arguments![0]),
            "Fn::And" => arguments!.All(Truth),
            "Fn::Or" => arguments!.Any(Truth),
            "Condition" => Condition((string)argument!),
            _ => throw new InvalidDataException($"{_template.Name}: unsupported condition function {function}."),
        };
    }

    private string Scalar(object? node) => node switch
    {
        string s => s,
        Dictionary<string, object?> map when SingleEntry(map) is ("Ref", string name) =>
            _parameters.TryGetValue(name, out var value)
                ? value
                : throw new InvalidDataException($"{_template.Name}: condition refers to {name}, which has no value."),
        _ => throw new InvalidDataException($"{_template.Name}: a condition compares something other than a string or a parameter."),
    };

    private static (string Function, object? Argument) SingleEntry(object? node) =>
        node is Dictionary<string, object?> { Count: 1 } map
            ? (map.Keys.First(), map.Values.First())
            : throw new InvalidDataException("Expected an intrinsic function (a one-key mapping).");
}
