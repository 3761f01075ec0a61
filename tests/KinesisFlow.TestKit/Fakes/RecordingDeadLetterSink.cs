using System.Collections.Concurrent;
using System.Text;
using KinesisFlow.Sinks;

namespace KinesisFlow.TestKit.Fakes;

/// <summary>A dead-letter sink that keeps every line in memory; a write completes at once (as a flushed file write).</summary>
public sealed class RecordingDeadLetterSink : IDeadLetterSink
{
    private readonly ConcurrentQueue<string> _lines = new();

    /// <summary>Every dead-letter line written, in order.</summary>
    public IReadOnlyCollection<string> Lines => _lines;

    public ValueTask WriteAsync(IReadOnlyList<RejectedEvent> rejected, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rejected);
        cancellationToken.ThrowIfCancellationRequested();
        foreach (var letter in rejected)
        {
            _lines.Enqueue($"{letter.Sink} {letter.Reason}: {letter.Message}");
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask WriteLinesAsync(ReadOnlyMemory<byte> lines, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        foreach (var line in Encoding.UTF8.GetString(lines.Span).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            _lines.Enqueue(line);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
