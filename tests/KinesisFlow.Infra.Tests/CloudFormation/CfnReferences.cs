using System.Text.RegularExpressions;

namespace KinesisFlow.Infra.Tests.CloudFormation;

/// <summary>What a reference in a template points at.</summary>
public enum CfnReferenceKind
{
    /// <summary><c>Ref</c> or a <c>${Name}</c> in <c>Fn::Sub</c>: a parameter, resource or pseudo parameter.</summary>
    Name,

    /// <summary><c>Fn::GetAtt</c>, a <c>${Resource.Attribute}</c> in <c>Fn::Sub</c>, or <c>DependsOn</c>: a resource.</summary>
    Resource,

    /// <summary><c>Fn::If</c>, <c>Condition:</c>: a condition.</summary>
    Condition,
}

/// <summary>One reference found in a template, with where it was found (for failure messages).</summary>
public sealed record CfnReference(CfnReferenceKind Kind, string Target, string Path);

/// <summary>Finds every reference a template makes: Ref, Fn::GetAtt, Fn::Sub variables, conditions, DependsOn.</summary>
public static partial class CfnReferences
{
    public static readonly IReadOnlySet<string> PseudoParameters = new HashSet<string>(StringComparer.Ordinal)
    {
        "AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue", "AWS::Partition", "AWS::Region",
        "AWS::StackId", "AWS::StackName", "AWS::URLSuffix",
    };

    public static List<CfnReference> Find(CfnTemplate template)
    {
        var found = new List<CfnReference>();
        Walk(template.Root, "", found);
        foreach (var (id, resource) in template.Resources)
        {
            if (resource is Dictionary<string, object?> map && map.TryGetValue("DependsOn", out var dependsOn))
            {
                var names = dependsOn is List<object?> list ? list : [dependsOn];
                found.AddRange(names.Select(n => new CfnReference(CfnReferenceKind.Resource, (string)n!, $"Resources.{id}.DependsOn")));
            }
        }

        return found;
    }

    /// <summary>The variables of a <c>Fn::Sub</c> string, without <c>${!Literal}</c> escapes.</summary>
    public static IEnumerable<string> SubVariables(string text) =>
        SubVariable().Matches(text).Select(m => m.Groups[1].Value).Where(v => !v.StartsWith('!'));

    private static void Walk(object? node, string path, List<CfnReference> found)
    {
        switch (node)
        {
            case Dictionary<string, object?> map:
                foreach (var (key, value) in map)
                {
                    var here = path.Length == 0 ? key : $"{path}.{key}";
                    Record(key, value, here, found);
                    Walk(value, here, found);
                }

                break;
            case List<object?> list:
                for (var i = 0; i < list.Count; i++)
                {
                    Walk(list[i], $"{path}[{i}]", found);
                }

                break;
        }
    }

    private static void Record(string key, object? value, string path, List<CfnReference> found)
    {
        switch (key)
        {
            case "Ref" when value is string name:
                found.Add(new(CfnReferenceKind.Name, name, path));
                break;
            case "Fn::GetAtt" when value is List<object?> { Count: 2 } parts && parts[0] is string resource:
                found.Add(new(CfnReferenceKind.Resource, resource, path));
                break;
            case "Fn::If" when value is List<object?> { Count: 3 } branches && branches[0] is string condition:
                found.Add(new(CfnReferenceKind.Condition, condition, path));
                break;
            // A resource's or output's Condition, or a condition that names another condition.
            case "Condition" when value is string condition:
                found.Add(new(CfnReferenceKind.Condition, condition, path));
                break;
            case "Fn::Sub":
                RecordSub(value, path, found);
                break;
        }
    }

    private static void RecordSub(object? value, string path, List<CfnReference> found)
    {
        var (text, locals) = value switch
        {
            string s => (s, new Dictionary<string, object?>()),
            List<object?> { Count: 2 } pair when pair[0] is string s && pair[1] is Dictionary<string, object?> vars => (s, vars),
            _ => throw new InvalidDataException($"{path}: Fn::Sub takes a string or [string, map]."),
        };
        foreach (var variable in SubVariables(text))
        {
            if (locals.ContainsKey(variable))
            {
                continue;
            }

            var dot = variable.IndexOf('.', StringComparison.Ordinal);
            found.Add(dot < 0
                ? new(CfnReferenceKind.Name, variable, path)
                : new(CfnReferenceKind.Resource, variable[..dot], path));
        }
    }

    [GeneratedRegex(@"\$\{([^}]*)\}")]
    private static partial Regex SubVariable();
}
