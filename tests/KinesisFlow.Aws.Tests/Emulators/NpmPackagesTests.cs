using System.Security.Cryptography;
using KinesisFlow.Emulators;
using KinesisFlow.TestKit;

namespace KinesisFlow.Aws.Tests.Emulators;

/// <summary>
/// When `npm ci` runs. These folders have no package.json, so an npm run fails at once, locally, without the network:
/// a test passes only if npm was (or was not) run as it expects.
/// </summary>
public sealed class NpmPackagesTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task An_install_stamped_with_the_current_lock_file_is_not_redone()
    {
        using var folder = new TempDirectory();
        var lockFile = WriteLockFile(folder, "v1");
        Stamp(folder, lockFile);

        await NpmPackages.EnsureInstalledAsync(folder.Path, Timeout, CancellationToken.None);
    }

    [Theory]
    [InlineData(true)] // the pin changed since the install
    [InlineData(false)] // never installed, or an install that did not finish
    public async Task A_stale_or_missing_install_runs_npm_ci_and_reports_its_failure_with_its_output(bool stampedWithAnOlderLock)
    {
        using var folder = new TempDirectory();
        var oldLock = WriteLockFile(folder, "v1");
        if (stampedWithAnOlderLock)
        {
            Stamp(folder, oldLock);
        }

        WriteLockFile(folder, "v2");

        var error = await Assert.ThrowsAsync<EmulatorStartException>(
            () => NpmPackages.EnsureInstalledAsync(folder.Path, Timeout, CancellationToken.None));

        Assert.Contains("`npm ci`", error.Message, StringComparison.Ordinal);
        Assert.Contains("package.json", error.Message, StringComparison.Ordinal);
    }

    private static byte[] WriteLockFile(TempDirectory folder, string name)
    {
        var content = System.Text.Encoding.UTF8.GetBytes($$$"""{"name":"{{{name}}}","lockfileVersion":3,"requires":true,"packages":{}}""");
        File.WriteAllBytes(folder.File("package-lock.json"), content);
        return content;
    }

    private static void Stamp(TempDirectory folder, byte[] lockFile)
    {
        Directory.CreateDirectory(folder.File("node_modules"));
        File.WriteAllText(
            Path.Combine(folder.File("node_modules"), NpmPackages.StampFileName),
            Convert.ToHexString(SHA256.HashData(lockFile)));
    }
}
