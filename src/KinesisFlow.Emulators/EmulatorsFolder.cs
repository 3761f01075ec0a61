namespace KinesisFlow.Emulators;

/// <summary>Finds tests/emulators (package.json, package-lock.json, launch.js) of the checkout this code runs from.</summary>
internal static class EmulatorsFolder
{
    /// <summary>Overrides the search, e.g. when the binaries run outside the checkout.</summary>
    public const string EnvironmentVariable = "KINESISFLOW_EMULATORS_DIR";

    private const string SolutionFile = "KinesisFlow.sln";
    private static readonly string[] RelativePath = ["tests", "emulators"];

    public static string Resolve(string? explicitDirectory)
    {
        var chosen = explicitDirectory ?? Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(chosen))
        {
            return Validate(Path.GetFullPath(chosen), $"the folder given ({chosen})");
        }

        // The test binaries live under bin/ of the checkout; `dotnet run` starts in it. Either leads to the solution.
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, SolutionFile)))
                {
                    return Validate(Path.Combine([dir.FullName, .. RelativePath]), $"the checkout at {dir.FullName}");
                }
            }
        }

        throw new EmulatorStartException(
            $"Cannot find the emulators folder: no {SolutionFile} above {AppContext.BaseDirectory} or " +
            $"{Directory.GetCurrentDirectory()}. Run from the KinesisFlow checkout or set {EnvironmentVariable}.");
    }

    private static string Validate(string directory, string origin)
    {
        foreach (var required in new[] { "package.json", "package-lock.json", LaunchScript })
        {
            if (!File.Exists(Path.Combine(directory, required)))
            {
                throw new EmulatorStartException(
                    $"The emulators folder {directory} (from {origin}) has no {required}.");
            }
        }

        return directory;
    }

    public const string LaunchScript = "launch.js";
}
