namespace KinesisFlow.Infra.Tests.CloudFormation;

public sealed class TemplateStructureTests
{
    [Fact]
    public void The_templates_are_there()
    {
        Assert.Equal(["central.yaml", "consumer-ecs.yaml", "stream.yaml", "vpc-flow-log.yaml"], Templates.Paths.Select(Path.GetFileName));
    }

    [Theory]
    [MemberData(nameof(Templates.Names), MemberType = typeof(Templates))]
    public void Template_has_a_version_a_description_and_resources(string name)
    {
        var template = Templates.Load(name);
        Assert.Equal("2010-09-09", template.Root["AWSTemplateFormatVersion"]);
        Assert.False(string.IsNullOrWhiteSpace(template.Root["Description"] as string));
        Assert.NotEmpty(template.Resources);
        Assert.All(template.Resources, r => Assert.Matches("^[A-Za-z0-9]+$", r.Key));
        Assert.All(template.Resources, r => Assert.Matches(@"^(AWS|Custom)::\w+::\w+$", ((Dictionary<string, object?>)r.Value!)["Type"] as string));
    }

    [Theory]
    [MemberData(nameof(Templates.Names), MemberType = typeof(Templates))]
    public void Every_reference_resolves(string name)
    {
        var template = Templates.Load(name);
        var unresolved = CfnReferences.Find(template).Where(r => !Resolves(template, r)).ToList();
        Assert.True(unresolved.Count == 0, string.Join('\n', unresolved.Select(r => $"{r.Path}: {r.Kind} {r.Target}")));
    }

    [Theory]
    [MemberData(nameof(Templates.Names), MemberType = typeof(Templates))]
    public void Conditions_compare_only_parameters_and_constants(string name)
    {
        var template = Templates.Load(name);
        var fromConditions = CfnReferences.Find(template)
            .Where(r => r.Path.StartsWith("Conditions.", StringComparison.Ordinal) && r.Kind != CfnReferenceKind.Condition);
        Assert.All(fromConditions, r => Assert.True(
            template.Parameters.ContainsKey(r.Target) || CfnReferences.PseudoParameters.Contains(r.Target),
            $"{r.Path} refers to {r.Target}; a condition may only use parameters"));
    }

    [Theory]
    [MemberData(nameof(Templates.Names), MemberType = typeof(Templates))]
    public void Every_parameter_is_documented_and_used(string name)
    {
        var template = Templates.Load(name);
        var used = CfnReferences.Find(template).Where(r => r.Kind == CfnReferenceKind.Name).Select(r => r.Target).ToHashSet();
        Assert.All(template.Parameters, p =>
        {
            var declared = (Dictionary<string, object?>)p.Value!;
            Assert.True(declared.ContainsKey("Type"), $"{p.Key} has no Type");
            Assert.True(declared.TryGetValue("Description", out var description) && ((string?)description)?.Length > 10, $"{p.Key} has no description");
            Assert.Contains(p.Key, used);
        });
    }

    [Theory]
    [MemberData(nameof(Templates.Names), MemberType = typeof(Templates))]
    public void Parameter_defaults_satisfy_their_own_constraints(string name)
    {
        var template = Templates.Load(name);
        foreach (var (parameter, declaration) in template.Parameters)
        {
            var declared = (Dictionary<string, object?>)declaration!;
            if (declared.GetValueOrDefault("Default") is not string value)
            {
                continue;
            }

            if (declared.GetValueOrDefault("AllowedValues") is List<object?> allowed)
            {
                Assert.Contains(value, allowed);
            }

            if (declared.GetValueOrDefault("AllowedPattern") is string pattern && value.Length > 0)
            {
                Assert.Matches($"^(?:{pattern})$", value);
            }

            if (declared.GetValueOrDefault("MinValue") is string min)
            {
                Assert.True(double.Parse(value) >= double.Parse(min), $"{parameter} default {value} < {min}");
            }

            if (declared.GetValueOrDefault("MaxValue") is string max)
            {
                Assert.True(double.Parse(value) <= double.Parse(max), $"{parameter} default {value} > {max}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Templates.Names), MemberType = typeof(Templates))]
    public void Every_condition_is_used_and_every_output_documented(string name)
    {
        var template = Templates.Load(name);
        var usedConditions = CfnReferences.Find(template).Where(r => r.Kind == CfnReferenceKind.Condition).Select(r => r.Target).ToHashSet();
        Assert.All(template.Conditions.Keys, c => Assert.Contains(c, usedConditions));
        Assert.All(template.Outputs, o => Assert.False(
            string.IsNullOrWhiteSpace(((Dictionary<string, object?>)o.Value!).GetValueOrDefault("Description") as string), $"output {o.Key}"));
    }

    [Theory]
    [MemberData(nameof(Templates.Names), MemberType = typeof(Templates))]
    public void Every_condition_evaluates_with_the_defaults(string name)
    {
        var template = Templates.Load(name);
        var evaluator = new CfnEvaluator(template, RequiredParameterStandIns(template));
        Assert.All(template.Conditions.Keys, c => evaluator.Condition(c));
        Assert.All(template.Resources.Keys, r => evaluator.Resource(r));
    }

    /// <summary>A value for each parameter without a default, as an operator would pass on the command line.</summary>
    public static Dictionary<string, string> RequiredParameterStandIns(CfnTemplate template) =>
        template.Parameters
            .Where(p => !((Dictionary<string, object?>)p.Value!).ContainsKey("Default"))
            .ToDictionary(p => p.Key, p => "stand-in");

    private static bool Resolves(CfnTemplate template, CfnReference reference) => reference.Kind switch
    {
        CfnReferenceKind.Name => template.Parameters.ContainsKey(reference.Target)
            || template.Resources.ContainsKey(reference.Target)
            || CfnReferences.PseudoParameters.Contains(reference.Target),
        CfnReferenceKind.Resource => template.Resources.ContainsKey(reference.Target),
        CfnReferenceKind.Condition => template.Conditions.ContainsKey(reference.Target),
        _ => false,
    };
}
