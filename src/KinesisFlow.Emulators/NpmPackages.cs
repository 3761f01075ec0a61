using System.Diagnostics;
using System.Security.Cryptography;

namespace KinesisFlow.Emulators;

/// <summary>
/// Installs the pinned emulator packages with `npm ci` when node_modules is missing or older than package-lock.json.
/// `dotnet test` runs several test assemblies at once, so the install happens under a lock file that every process
/// (and every fixture within one process) takes first; whoever comes second finds the work done.
/// </summary>
internal static class NpmPackages
{
    private const string LockFileName = ".install.lock";
    internal const string StampFileName = ".kinesisflow-installed";

    // One process can start several emulators in parallel; the file lock alone would make them spin against each other.
    private static readonly SemaphoreSlim InProcessGate = new(1, 1);

    public static async Task EnsureInstalledAsync(string folder, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var lockHash = LockFileHash(folder);
        if (IsInstalled(folder, lockHash))
        {
            return;
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await InProcessGate.WaitAsync(deadline.Token);
            try
            {
                await using var fileLock = await AcquireFileLockAsync(Path.Combine(folder, LockFileName), deadline.Token);
                if (IsInstalled(folder, lockHash))
                {
                    return;
                }

                await RunNpmCiAsync(folder, deadline.Token);
                await File.WriteAllTextAsync(StampPath(folder), lockHash, deadline.Token);
            }
            finally
            {
                InProcessGate.Release();
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new EmulatorStartException($"Installing the emulators in {folder} took longer than {timeout}.");
        }
    }

    private static string StampPath(string folder) => Path.Combine(folder, "node_modules", StampFileName);

    private static string LockFileHash(string folder) =>
        Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(Path.Combine(folder, "package-lock.json"))));

    // The stamp is written only after a successful `npm ci` and names the lock file it installed, so a half-done
    // install or a changed pin both count as "not installed".
    private static bool IsInstalled(string folder, string lockHash)
    {
        var stamp = StampPath(folder);
        return File.Exists(stamp) && string.Equals(File.ReadAllText(stamp).Trim(), lockHash, StringComparison.Ordinal);
    }

    private static async Task<FileStream> AcquireFileLockAsync(string path, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive lock that other processes honour; it goes away with the handle,
                // even if the holder crashes.
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
            }
        }
    }

    private static async Task RunNpmCiAsync(string folder, CancellationToken cancellationToken)
    {
        // --ignore-scripts: the native LevelDB bindings ship prebuilt binaries, so no install script needs to run.
        string[] npmArguments = ["ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"];
        var startInfo = OperatingSystem.IsWindows()
            ? new ProcessStartInfo("cmd.exe", ["/d", "/c", "npm", .. npmArguments])
            : new ProcessStartInfo("npm", npmArguments);
        startInfo.WorkingDirectory = folder;
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        startInfo.UseShellExecute = false;

        var output = new OutputTail();
        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new EmulatorStartException(
                "Cannot run npm to install the emulators: is Node.js (with npm) installed and on PATH?", e);
        }

        output.Attach(process);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (process.ExitCode != 0)
        {
            throw new EmulatorStartException(
                $"`npm ci` in {folder} failed with exit code {process.ExitCode}:{Environment.NewLine}{output}");
        }
    }
}
