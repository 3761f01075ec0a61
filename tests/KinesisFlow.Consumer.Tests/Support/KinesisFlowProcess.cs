using System.Collections.Concurrent;
using System.Diagnostics;
using KinesisFlow.TestKit;

namespace KinesisFlow.Consumer.Tests.Support;

/// <summary>
/// The built <c>kinesisflow</c> executable as a child process, as an operator runs it: arguments, the emulators'
/// dummy credentials in its environment, stderr (its logs) kept for assertions and failure messages. Stopped with
/// SIGTERM (graceful) or SIGKILL (a crash), and always killed on dispose.
/// </summary>
public sealed class KinesisFlowProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _errors = new();

    private KinesisFlowProcess(Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is { } text)
            {
                _errors.Enqueue(text);
            }
        };
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>What the process logged so far (stderr), for assertions and failure messages.</summary>
    public string Log => string.Join('\n', _errors);

    public static KinesisFlowProcess Start(params string[] arguments) => Start(new Dictionary<string, string>(), arguments);

    /// <summary>Starts it with extra environment variables (settings without a flag, e.g. <c>KINESISFLOW__Sinks__DeadLetter__Path</c>).</summary>
    public static KinesisFlowProcess Start(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = KinesisFlowExecutable.StartInfo(arguments).WithEmulatorCredentials();
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return new KinesisFlowProcess(Process.Start(start) ?? throw new InvalidOperationException("Could not start kinesisflow."));
    }

    /// <summary>Runs to completion (a command that ends by itself), within <paramref name="timeout"/>.</summary>
    public static async Task<KinesisFlowProcess> RunAsync(TimeSpan timeout, params string[] arguments)
    {
        var process = Start(arguments);
        await process.WaitForExitAsync(timeout);
        return process;
    }

    /// <summary>SIGTERM, as a container runtime stops a task, then waits for a graceful exit.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await WaitForExitAsync(timeout);
    }

    /// <summary>SIGKILL: a crash, no chance to checkpoint or release anything.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"kinesisflow (pid {_process.Id}) did not exit within {timeout}. Its log:\n{Log}");
        }

        // The asynchronous readers may still hold the last lines.
        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
