using System.Text.RegularExpressions;
using System.Xml.Linq;
using KinesisFlow.Infra.Tests.CloudFormation;

namespace KinesisFlow.Infra.Tests.Container;

public sealed partial class DockerfileTests
{
    [Fact]
    public void Stages_run_build_then_tests_then_publish_then_the_runtime_image()
    {
        Assert.Equal(["build", "test", "publish", "runtime"], Dockerfile.Stages.Select(s => s.Name));
        // Each stage builds on the previous one, so the image cannot be produced when a test fails.
        Assert.Equal("build", Dockerfile.Stage("test").BaseImage);
        Assert.Equal("test", Dockerfile.Stage("publish").BaseImage);
        Assert.Equal("publish", Assert.Single(Dockerfile.Stage("runtime").All("COPY"), c => c.Arguments.Contains("--from=", StringComparison.Ordinal))
            .Arguments.Split(' ')[0]["--from=".Length..]);
        Assert.Contains(Dockerfile.Stage("test").All("RUN"), run => run.Arguments.Contains("dotnet test", StringComparison.Ordinal));
    }

    [Fact]
    public void Images_come_from_the_official_dotnet_repositories_at_a_pinned_major_version()
    {
        Assert.Matches(@"^mcr\.microsoft\.com/dotnet/sdk:\$\{DOTNET_VERSION\}$", Dockerfile.Stage("build").BaseImage);
        Assert.Matches(@"^mcr\.microsoft\.com/dotnet/runtime-deps:\$\{DOTNET_VERSION\}-noble-chiseled$", Dockerfile.Stage("runtime").BaseImage);
        var globalJson = File.ReadAllText(RepositoryRoot.File("global.json"));
        var sdkMajor = SdkMajor().Match(globalJson).Groups[1].Value;
        Assert.Contains($"ARG DOTNET_VERSION={sdkMajor}.0", File.ReadAllLines(Dockerfile.Path));
    }

    [Fact]
    public void Publish_is_self_contained_for_the_target_architecture_into_the_folder_the_runtime_copies()
    {
        var publish = Assert.Single(Dockerfile.Stage("publish").All("RUN")).Arguments;
        Assert.Contains("dotnet publish src/KinesisFlow/KinesisFlow.csproj", publish);
        Assert.Contains("-c Release", publish);
        Assert.Contains("-a $TARGETARCH", publish);
        Assert.Contains("--self-contained", publish);
        Assert.EndsWith("-o /app", publish);
        Assert.Equal("--from=publish /app .", Assert.Single(Dockerfile.Stage("runtime").All("COPY")).Arguments);
        Assert.Equal("/app", Dockerfile.Stage("runtime").Single("WORKDIR").Arguments);
    }

    [Fact]
    public void Entrypoint_is_kinesisflow_run_from_the_published_folder()
    {
        var entrypoint = Dockerfile.Stage("runtime").Single("ENTRYPOINT").ExecForm();
        Assert.Equal([$"/app/{AssemblyName()}", "run"], entrypoint);
    }

    [Fact]
    public void Runs_as_a_non_root_user()
    {
        var user = Dockerfile.Stage("runtime").Single("USER").Arguments;
        // $APP_UID is the chiseled images' non-root uid (1654); a literal must not be root either.
        Assert.True(user == "$APP_UID" || (int.TryParse(user, out var uid) && uid > 0), $"USER {user}");
    }

    [Fact]
    public void Health_check_runs_the_liveness_probe_on_the_exposed_port_like_the_ecs_task_does()
    {
        var runtime = Dockerfile.Stage("runtime");
        var healthCheck = runtime.Single("HEALTHCHECK").Arguments;
        var command = healthCheck[healthCheck.IndexOf("CMD ", StringComparison.Ordinal)..];
        var probe = new DockerInstruction("CMD", command["CMD ".Length..]).ExecForm();
        // Liveness, not readiness: a SIEM outage makes the consumer unready, and replacing the container helps nothing.
        Assert.Equal([$"/app/{AssemblyName()}", "probe", "--live"], probe);

        var port = int.Parse(runtime.Single("EXPOSE").Arguments);
        Assert.Equal(9464, port);
        Assert.Equal($"0.0.0.0:{port}", Environment(runtime)["KINESISFLOW__Observability__HttpListen"]);

        var container = EcsContainer();
        var ecsHealthCheck = (List<object?>)((Dictionary<string, object?>)container["HealthCheck"]!)["Command"]!;
        Assert.Equal(["CMD", .. probe!], ecsHealthCheck.Cast<string>());
        var portMapping = (Dictionary<string, object?>)Assert.Single((List<object?>)container["PortMappings"]!)!;
        Assert.Equal(port.ToString(), portMapping["ContainerPort"]);
    }

    [Fact]
    public void Ecs_task_keeps_the_root_filesystem_read_only_with_a_writable_tmp()
    {
        var container = EcsContainer();
        Assert.Equal("true", container["ReadonlyRootFilesystem"]);
        var mount = (Dictionary<string, object?>)Assert.Single((List<object?>)container["MountPoints"]!)!;
        Assert.Equal("/tmp", mount["ContainerPath"]);
    }

    [Fact]
    public void Dockerignore_keeps_build_output_and_local_state_out_but_not_the_sources()
    {
        var patterns = File.ReadAllLines(RepositoryRoot.File(".dockerignore"))
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        foreach (var excluded in new[] { "src/KinesisFlow/bin/Release/x", "src/KinesisFlow/obj/x", "tests/emulators/node_modules/x", ".git/HEAD" })
        {
            Assert.True(patterns.Any(p => Ignores(p, excluded)), $"{excluded} would be sent to the build");
        }

        foreach (var needed in new[] { "src/KinesisFlow/KinesisFlow.csproj", "Directory.Build.props", "Directory.Packages.props", "global.json", ".editorconfig", "KinesisFlow.sln", "tests/KinesisFlow.FlowLogs.Tests/KinesisFlow.FlowLogs.Tests.csproj" })
        {
            Assert.False(patterns.Any(p => Ignores(p, needed)), $"{needed} is needed by the build but ignored");
        }
    }

    /// <summary>The ENV pairs of a stage.</summary>
    public static Dictionary<string, string> Environment(DockerStage stage) =>
        stage.All("ENV")
            .SelectMany(e => e.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(kv => kv[0], kv => kv[1]);

    /// <summary>The consumer's container as a deployment with <paramref name="parameters"/> (defaults otherwise) creates it.</summary>
    public static Dictionary<string, object?> EcsContainer(IReadOnlyDictionary<string, string>? parameters = null) =>
        Assert.Single(EcsContainers(parameters), c => (string?)c["Name"] == "kinesisflow");

    /// <summary>Every container of the task (the consumer, and the collector sidecar when it is deployed).</summary>
    public static List<Dictionary<string, object?>> EcsContainers(IReadOnlyDictionary<string, string>? parameters = null)
    {
        var template = Templates.Load("consumer-ecs.yaml");
        var evaluator = new CfnEvaluator(template, new Dictionary<string, string>(TemplateStructureTests.RequiredParameterStandIns(template)).Concat(
            parameters ?? new Dictionary<string, string>()).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value));
        var properties = (Dictionary<string, object?>)evaluator.Resource("TaskDefinition")!["Properties"]!;
        return [.. ((List<object?>)properties["ContainerDefinitions"]!).Cast<Dictionary<string, object?>>()];
    }

    private static string AssemblyName() =>
        XDocument.Load(RepositoryRoot.File("src", "KinesisFlow", "KinesisFlow.csproj")).Descendants("AssemblyName").Single().Value;

    /// <summary>Docker's matching for the pattern forms this .dockerignore uses: <c>**/dir/</c>, <c>dir/</c>, <c>file</c>.</summary>
    private static bool Ignores(string pattern, string path)
    {
        var anyDepth = pattern.StartsWith("**/", StringComparison.Ordinal);
        var body = (anyDepth ? pattern[3..] : pattern).TrimEnd('/');
        var regex = (anyDepth ? "^(.*/)?" : "^") + Regex.Escape(body).Replace(@"\*", "[^/]*", StringComparison.Ordinal) + "(/.*)?$";
        return Regex.IsMatch(path, regex);
    }

    [GeneratedRegex("\"version\"\\s*:\\s*\"(\\d+)\\.")]
    private static partial Regex SdkMajor();
}
