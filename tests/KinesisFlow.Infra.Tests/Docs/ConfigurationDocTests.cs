using KinesisFlow.Cli.Tests;
using KinesisFlow.Infra.Tests.CloudFormation;
using KinesisFlow.Infra.Tests.Container;

namespace KinesisFlow.Infra.Tests.Docs;

public sealed class ConfigurationDocTests
{
    private static string DocPath => RepositoryRoot.File("docs", "configuration.md");

    /// <summary>Run with KINESISFLOW_UPDATE_DOCS=1 to rewrite the generated part of docs/configuration.md.</summary>
    [Fact]
    public void Configuration_reference_lists_every_setting_with_its_variable_flag_and_default() =>
        GeneratedDocSection.AssertCurrent(DocPath, ConfigurationTable.Begin, ConfigurationTable.End, ConfigurationTable.Markdown());

    [Fact]
    public void Catalog_covers_the_run_flags_and_the_main_settings()
    {
        var flagged = ConfigurationCatalog.All.Where(s => s.Flag.Length > 0).Select(s => s.Flag).ToHashSet();
        Assert.Superset(new HashSet<string> { "--stream", "--region", "--lease-table", "--mode", "--sink", "--http-listen", "--initial-position" }, flagged);
        Assert.Contains(ConfigurationCatalog.All, s => s.Key == "KinesisFlow:Kinesis:StreamName" && s.EnvironmentVariable == "KINESISFLOW__Kinesis__StreamName");
        Assert.Contains(ConfigurationCatalog.All, s => s.Key == "KinesisFlow:Observability:HttpListen");
    }

    [Fact]
    public void Ecs_task_command_is_a_valid_kinesisflow_run_command_line()
    {
        var template = Templates.Load("consumer-ecs.yaml");
        var command = (List<object?>)DockerfileTests.EcsContainer()["Command"]!;
        var args = command.Select(a => a as string ?? "stand-in").ToList();
        var entrypoint = Dockerfile.Stage("runtime").Single("ENTRYPOINT").ExecForm()!;
        Assert.Empty(CommandTree.ErrorsOf([.. entrypoint.Skip(1), .. args]));
        Assert.Contains("--stream", args);
        Assert.NotNull(template);
    }
}
