using System.Reflection;
using System.Xml.Linq;
using KinesisFlow.Aws;
using KinesisFlow.Consumer;
using KinesisFlow.Coordination.Leases;
using KinesisFlow.FlowLogs;
using KinesisFlow.Leases;
using KinesisFlow.Sinks;

namespace KinesisFlow.Infra.Tests.Architecture;

/// <summary>
/// The project boundaries of docs/architecture.md, read from the project files and from the compiled assemblies'
/// references: the pure projects take no package and no project, only the AWS-facing projects take the AWS SDK, and no
/// project references the executable.
/// </summary>
public sealed class ProjectGraphTests
{
    private static readonly string[] PureProjects = ["KinesisFlow.FlowLogs", "KinesisFlow.Coordination"];

    private static readonly string[] AwsFacingProjects = ["KinesisFlow.Aws", "KinesisFlow.Leases"];

    [Fact]
    public void The_source_tree_holds_the_projects_the_architecture_names()
    {
        Assert.Equal(
            ["KinesisFlow", "KinesisFlow.Aws", "KinesisFlow.Consumer", "KinesisFlow.Coordination", "KinesisFlow.Emulators", "KinesisFlow.FlowLogs", "KinesisFlow.Leases", "KinesisFlow.Sinks"],
            SourceProjects().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Pure_projects_reference_no_package_no_framework_and_no_project()
    {
        foreach (var name in PureProjects)
        {
            var project = SourceProjects().Single(p => p.Name == name);
            Assert.Empty(project.Packages);
            Assert.Empty(project.Projects);
            Assert.Empty(project.Frameworks);
        }
    }

    [Fact]
    public void Pure_assemblies_reference_nothing_but_the_base_class_library()
    {
        foreach (var assembly in new[] { typeof(FlowRecordDecoder).Assembly, typeof(LeaseBalancer).Assembly })
        {
            Assert.All(
                assembly.GetReferencedAssemblies(),
                reference => Assert.True(IsBaseClassLibrary(reference), $"{assembly.GetName().Name} references {reference.Name}"));
        }
    }

    [Fact]
    public void Only_the_AWS_facing_projects_reference_the_AWS_SDK()
    {
        foreach (var project in SourceProjects().Where(p => !AwsFacingProjects.Contains(p.Name)))
        {
            Assert.DoesNotContain(project.Packages, package => package.StartsWith("AWSSDK.", StringComparison.Ordinal));
        }

        // The SDK in use, whichever way it arrives (a package of a referenced project comes along transitively).
        foreach (var assembly in ProductionAssemblies())
        {
            var name = assembly.GetName().Name!;
            if (AwsFacingProjects.Contains(name))
            {
                continue;
            }

            Assert.All(
                assembly.GetReferencedAssemblies(),
                reference => Assert.False(reference.Name!.StartsWith("AWSSDK.", StringComparison.Ordinal), $"{name} uses {reference.Name}"));
        }
    }

    [Fact]
    public void No_project_references_the_executable()
    {
        Assert.All(
            SourceProjects(),
            project => Assert.DoesNotContain(project.Projects, reference => reference == "KinesisFlow"));
        Assert.All(
            ProductionAssemblies(),
            assembly => Assert.DoesNotContain(assembly.GetReferencedAssemblies(), reference => reference.Name == "kinesisflow"));
    }

    private static bool IsBaseClassLibrary(AssemblyName reference) =>
        reference.Name is "netstandard" or "mscorlib" || reference.Name!.StartsWith("System", StringComparison.Ordinal);

    // The library assemblies of src/ (the executable is what the rules protect, so it is not listed as a referrer).
    private static Assembly[] ProductionAssemblies() =>
    [
        typeof(FlowRecordDecoder).Assembly,
        typeof(LeaseBalancer).Assembly,
        typeof(AwsClientOptions).Assembly,
        typeof(LeaseCoordinator).Assembly,
        typeof(SinkFactory).Assembly,
        typeof(ConsumerServiceCollectionExtensions).Assembly,
        typeof(Emulators.EmulatorKind).Assembly,
        typeof(global::KinesisFlow.Cli.CommandCatalog).Assembly,
    ];

    private static List<ProjectFile> SourceProjects() =>
        [.. Directory.GetFiles(RepositoryRoot.File("src"), "*.csproj", SearchOption.AllDirectories).Select(ProjectFile.Load)];

    private sealed record ProjectFile(string Name, string[] Packages, string[] Projects, string[] Frameworks)
    {
        public static ProjectFile Load(string path)
        {
            var xml = XDocument.Load(path);
            string[] Includes(string item) => [.. xml.Descendants(item).Select(e => (string)e.Attribute("Include")!)];
            return new ProjectFile(
                Path.GetFileNameWithoutExtension(path),
                Includes("PackageReference"),
                [.. Includes("ProjectReference").Select(p => Path.GetFileNameWithoutExtension(p.Replace('\\', '/')))],
                Includes("FrameworkReference"));
        }
    }
}
