using System.Diagnostics;

namespace KinesisFlow.Emulators;

/// <summary>
/// Keeps the last lines a child process wrote (stdout and stderr), so a failure can quote them. Bounded: an emulator
/// that logs for hours costs no more memory than this many lines.
/// </summary>
internal sealed class OutputTail
{
    private const int MaxLines = 60;
    private readonly Queue<string> _lines = new();
    private readonly Lock _gate = new();

    /// <summary>Drains both redirected streams of <paramref name="process"/> (undrained pipes would block it once full).</summary>
    public void Attach(Process process)
    {
        process.OutputDataReceived += (_, e) => Add(e.Data);
        process.ErrorDataReceived += (_, e) => Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public override string ToString()
    {
        lock (_gate)
        {
            return _lines.Count == 0 ? "(no output)" : string.Join(Environment.NewLine, _lines);
        }
    }

    private void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            if (_lines.Count == MaxLines)
            {
                _lines.Dequeue();
            }

            _lines.Enqueue(line);
        }
    }
}
