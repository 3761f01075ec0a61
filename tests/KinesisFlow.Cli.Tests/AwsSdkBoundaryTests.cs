using System.Reflection;
using KinesisFlow.Consumer;

namespace KinesisFlow.Cli.Tests;

/// <summary>
/// Only the AWS-facing assemblies (KinesisFlow.Aws, the lease table's DynamoDB code) reference AWSSDK: the executable
/// and the consumer work with KinesisFlow's own types, so an SDK upgrade stays inside those two.
/// </summary>
public sealed class AwsSdkBoundaryTests
{
    public static TheoryData<string> AwsFreeAssemblies =>
    [
        typeof(CommandCatalog).Assembly.GetName().Name!,
        typeof(ConsumerServiceCollectionExtensions).Assembly.GetName().Name!,
    ];

    [Theory]
    [MemberData(nameof(AwsFreeAssemblies))]
    public void The_assembly_references_no_AWSSDK_package(string name)
    {
        var assembly = Assembly.Load(name);

        Assert.DoesNotContain(assembly.GetReferencedAssemblies(), reference => reference.Name!.StartsWith("AWSSDK.", StringComparison.Ordinal));
        Assert.Contains(assembly.GetReferencedAssemblies(), reference => reference.Name == "KinesisFlow.Aws");
    }
}
