namespace KinesisFlow.Infra.Tests;

/// <summary>The repository the tests run from: the first folder above the test assembly holding KinesisFlow.sln.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    public static string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "KinesisFlow.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("KinesisFlow.sln not found above the test assembly.");
    }
}
