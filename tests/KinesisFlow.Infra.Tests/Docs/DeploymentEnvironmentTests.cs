using KinesisFlow.Infra.Tests.Container;

namespace KinesisFlow.Infra.Tests.Docs;

public sealed class DeploymentEnvironmentTests
{
    [Fact]
    public void Image_and_task_environment_variables_name_real_settings()
    {
        var container = DockerfileTests.EcsContainer();
        var secrets = (List<object?>)((Dictionary<string, object?>)container["Secrets"]!)["Fn::If"]!;
        var names = DockerfileTests.Environment(Dockerfile.Stage("runtime")).Keys
            .Concat(((List<object?>)container["Environment"]!).Cast<Dictionary<string, object?>>().Select(e => (string)e["Name"]!))
            .Concat(((List<object?>)secrets[1]!).Cast<Dictionary<string, object?>>().Select(e => (string)e["Name"]!))
            .ToList();
        Assert.Contains("KINESISFLOW__Sinks__Sekoia__IntakeKey", names);
        Assert.NotEmpty(names);
        foreach (var name in names)
        {
            var key = name.Replace("__", ":", StringComparison.Ordinal);
            var known = name.StartsWith("KINESISFLOW__", StringComparison.Ordinal)
                ? ConfigurationCatalog.Knows(key)
                : key == "Logging:Console:FormatterName" || name is "AWS_REGION";
            Assert.True(known, $"{name} is not a setting of kinesisflow run (docs/configuration.md lists them)");
        }
    }
}
