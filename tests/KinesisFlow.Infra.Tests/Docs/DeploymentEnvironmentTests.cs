using KinesisFlow.Infra.Tests.Container;

namespace KinesisFlow.Infra.Tests.Docs;

public sealed class DeploymentEnvironmentTests
{
    [Fact]
    public void Image_and_task_environment_variables_name_real_settings()
    {
        // A deployment with every optional variable: the intake key secret and OTLP export (the default).
        var container = DockerfileTests.EcsContainer(new Dictionary<string, string> { ["SekoiaIntakeKeySecretArn"] = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:sekoia" });
        var names = DockerfileTests.Environment(Dockerfile.Stage("runtime")).Keys
            .Concat(((List<object?>)container["Environment"]!).Cast<Dictionary<string, object?>>().Select(e => (string)e["Name"]!))
            .Concat(((List<object?>)container["Secrets"]!).Cast<Dictionary<string, object?>>().Select(e => (string)e["Name"]!))
            .ToList();
        Assert.Contains("OTEL_EXPORTER_OTLP_ENDPOINT", names);
        Assert.Contains("KINESISFLOW__Sinks__Sekoia__IntakeKey", names);
        Assert.NotEmpty(names);
        foreach (var name in names)
        {
            var key = name.Replace("__", ":", StringComparison.Ordinal);
            var known = name.StartsWith("KINESISFLOW__", StringComparison.Ordinal)
                ? ConfigurationCatalog.Knows(key)
                : key == "Logging:Console:FormatterName" || name is "AWS_REGION" or "OTEL_EXPORTER_OTLP_ENDPOINT"; // the OpenTelemetry variable docs/operations.md names
            Assert.True(known, $"{name} is not a setting of kinesisflow run (docs/configuration.md lists them)");
        }
    }
}
