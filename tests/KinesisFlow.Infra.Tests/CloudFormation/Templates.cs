namespace KinesisFlow.Infra.Tests.CloudFormation;

/// <summary>The templates under infra/, loaded once.</summary>
public static class Templates
{
    public static string Folder => RepositoryRoot.File("infra");

    public static IEnumerable<string> Paths =>
        Directory.EnumerateFiles(Folder, "*.yaml").Order(StringComparer.Ordinal);

    /// <summary>Theory data: the file name of every template.</summary>
    public static TheoryData<string> Names => [.. Paths.Select(System.IO.Path.GetFileName).OfType<string>()];

    public static CfnTemplate Load(string name) => CfnTemplate.Load(System.IO.Path.Combine(Folder, name));
}
