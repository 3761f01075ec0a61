using System.Diagnostics;

namespace KinesisFlow.Emulators;

/// <summary>Installs if needed, starts `node launch.js KIND PORT` and waits until the emulator answers.</summary>
internal static class EmulatorLauncher
{
    private const string NodeEnvironmentVariable = "KINESISFLOW_NODE";
    private const int PortAttempts = 3;
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(100);

    public static async Task<RunningEmulator> StartAsync(
        LaunchPlan plan, EmulatorOptions options, CancellationToken cancellationToken)
    {
        ThrowIfNotPositive(options.StartTimeout, nameof(options.StartTimeout));
        ThrowIfNotPositive(options.InstallTimeout, nameof(options.InstallTimeout));
        var folder = EmulatorsFolder.Resolve(options.EmulatorsDirectory);
        await NpmPackages.EnsureInstalledAsync(folder, options.InstallTimeout, cancellationToken);
        var node = options.NodePath ?? Environment.GetEnvironmentVariable(NodeEnvironmentVariable) ?? "node";

        for (var attempt = 1; ; attempt++)
        {
            var emulator = Spawn(plan, folder, node, FreeLoopbackPort.Pick());
            try
            {
                await WaitUntilReadyAsync(emulator, plan.ProbeOperation, options.StartTimeout, cancellationToken);
                return emulator;
            }
            catch (EmulatorStartException) when (attempt < PortAttempts && emulator.RecentOutput.Contains("EADDRINUSE"))
            {
                // Lost the race for the port to another process: pick another one.
                await emulator.DisposeAsync();
            }
            catch
            {
                await emulator.DisposeAsync();
                throw;
            }
        }
    }

    private static void ThrowIfNotPositive(TimeSpan value, string setting)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(setting, value, $"{setting} must be positive.");
        }
    }

    private static RunningEmulator Spawn(LaunchPlan plan, string folder, string node, int port)
    {
        List<string> arguments = [Path.Combine(folder, EmulatorsFolder.LaunchScript), plan.LauncherName, port.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        if (plan.ModuleOptionsJson is not null)
        {
            arguments.Add(plan.ModuleOptionsJson);
        }

        var startInfo = new ProcessStartInfo(node, arguments)
        {
            WorkingDirectory = folder,
            UseShellExecute = false,
            // Held open and never written: when this process dies, the pipe closes and launch.js exits.
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in plan.Environment)
        {
            startInfo.Environment[name] = value;
        }

        var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            process.Dispose();
            throw new EmulatorStartException(
                $"Cannot start {plan.Kind}: running '{node}' failed ({e.Message}). Is Node.js installed and on PATH " +
                $"(or {NodeEnvironmentVariable} set)?", e);
        }

        var output = new OutputTail();
        output.Attach(process);
        return new RunningEmulator(plan.Kind, new Uri($"http://127.0.0.1:{port}/"), process, output);
    }

    private static async Task WaitUntilReadyAsync(
        RunningEmulator emulator, string probeOperation, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // An open port alone does not mean the service behind it is ready: wait for a real answer.
        var api = new EmulatorApiClient(emulator);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (emulator.HasExited)
            {
                var exitCode = await emulator.WaitForExitAsync(cancellationToken);
                throw new EmulatorStartException(
                    $"{emulator.Kind} exited with code {exitCode} before answering on {emulator.Endpoint}:" +
                    $"{Environment.NewLine}{emulator.RecentOutput}");
            }

            if (await api.AnswersAsync(probeOperation, cancellationToken))
            {
                return;
            }

            if (clock.Elapsed > timeout)
            {
                throw new EmulatorStartException(
                    $"{emulator.Kind} did not answer on {emulator.Endpoint} within {timeout}:" +
                    $"{Environment.NewLine}{emulator.RecentOutput}");
            }

            await Task.Delay(ProbeInterval, cancellationToken);
        }
    }
}
