using System.Collections.Concurrent;
using System.Diagnostics;

namespace KinesisFlow.Emulators;

/// <summary>
/// One emulator process listening on 127.0.0.1. Dispose it to stop it: that kills this process (and anything it
/// started) and nothing else. Emulators still running when the .NET process exits are killed then; if the .NET process
/// dies without running its exit handlers, the emulator notices its stdin closing and exits by itself.
/// </summary>
public sealed class RunningEmulator : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<RunningEmulator, byte> Live = new();
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly OutputTail _output;
    private const int Running = 0, Stopping = 1, Stopped = 2;
    private int _state = Running;

    static RunningEmulator()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var emulator in Live.Keys)
            {
                emulator.Kill();
            }
        };
    }

    internal RunningEmulator(EmulatorKind kind, Uri endpoint, Process process, OutputTail output)
    {
        Kind = kind;
        Endpoint = endpoint;
        ProcessId = process.Id;
        _process = process;
        _output = output;
        Live.TryAdd(this, 0);
    }

    public EmulatorKind Kind { get; }

    /// <summary>The plain-HTTP endpoint, e.g. http://127.0.0.1:41234/ — give it as the service URL of a client.</summary>
    public Uri Endpoint { get; }

    /// <summary>The node process's id.</summary>
    public int ProcessId { get; }

    /// <summary>True once the process has ended (stopped, or died on its own).</summary>
    public bool HasExited => Volatile.Read(ref _state) == Stopped || _process.HasExited;

    /// <summary>The last lines the emulator wrote, for diagnosing a failing test.</summary>
    public string RecentOutput => _output.ToString();

    /// <summary>Waits for the process to end (its output read to the end) and returns its exit code.</summary>
    internal async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken);
        return _process.ExitCode;
    }

    public override string ToString() => $"{Kind} at {Endpoint} (pid {ProcessId})";

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.CompareExchange(ref _state, Stopping, Running) != Running)
        {
            return;
        }

        Kill();
        using var wait = new CancellationTokenSource(ExitWait);
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            // Killed but not yet reaped: nothing more can be done, and the caller should not hang on it.
        }

        Live.TryRemove(this, out _);
        Volatile.Write(ref _state, Stopped);
        _process.Dispose();
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Could not be killed (already exiting); the stdin watch in launch.js ends it anyway.
        }
    }
}
