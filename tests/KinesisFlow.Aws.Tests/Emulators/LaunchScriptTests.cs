using System.Diagnostics;
using KinesisFlow.Emulators;
using KinesisFlow.TestKit;

namespace KinesisFlow.Aws.Tests.Emulators;

/// <summary>launch.js itself: the parent-death watch that keeps emulators from outliving a crashed test host.</summary>
public sealed class LaunchScriptTests
{
    [Theory]
    [InlineData(EmulatorKind.KinesisMock)]
    [InlineData(EmulatorKind.Kinesalite)]
    public async Task A_supervised_emulator_outlives_ctrl_c_so_that_its_parent_can_shut_down_gracefully(EmulatorKind kind)
    {
        if (OperatingSystem.IsWindows())
        {
            return; // no SIGINT to send; Ctrl-C handling differs and is not what this checks
        }

        await using var emulator = await EmulatorHost.StartAsync(kind);

        // What the terminal does on Ctrl-C to every process of the foreground group, `kinesisflow demo`'s children included.
        using (var kill = Process.Start("kill", ["-INT", emulator.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
            Assert.Equal(0, kill.ExitCode);
        }

        // Real work after the signal: creating a stream takes several round trips and a state transition.
        var streams = new KinesisTestStreams(new EmulatorApiClient(emulator));
        var summary = await streams.CreateAsync(EmulatorFixture.UniqueName("sigint"), shardCount: 1);
        Assert.Equal("ACTIVE", summary.GetProperty("StreamStatus").GetString());
        Assert.False(emulator.HasExited);
    }

    [Fact]
    public async Task The_emulator_exits_by_itself_when_its_parent_closes_its_stdin()
    {
        await EmulatorHost.EnsureInstalledAsync();

        var folder = EmulatorHost.FindEmulatorsDirectory();
        var port = FreeLoopbackPort.Pick();
        var startInfo = new ProcessStartInfo("node", [Path.Combine(folder, "launch.js"), "kinesalite", port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(startInfo)!;
        try
        {
            var api = new EmulatorApiClient(new Uri($"http://127.0.0.1:{port}/"), EmulatorKind.Kinesalite);
            await Eventually.WaitUntilAsync(
                async ct =>
                {
                    try
                    {
                        await api.CallAsync("ListStreams", new { }, ct);
                        return true;
                    }
                    catch (HttpRequestException)
                    {
                        return false;
                    }
                },
                TimeSpan.FromSeconds(30),
                "launch.js to answer");

            // What the OS does to the pipe when the parent process dies, crash or not.
            process.StandardInput.Close();

            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await process.WaitForExitAsync(wait.Token);
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
