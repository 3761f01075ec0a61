using System.Buffers;
using System.Text;
using KinesisFlow.FlowLogs;
using KinesisFlow.FlowLogs.Output;

namespace KinesisFlow.Cli;

/// <summary>
/// Where <c>decode</c> puts what it could not decode: one JSON line per dead letter in the <c>--dead-letter</c>
/// file, or, without one, a one-line note on stderr for the first few (the summary counts them all).
/// </summary>
internal sealed class DecodeDeadLetters : IDeadLetterHandler, IDisposable
{
    private const int MaxNotes = 20;

    private readonly Stream? _file;
    private readonly TextWriter _stderr;
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private int _notes;

    public DecodeDeadLetters(string? path, TextWriter stderr)
    {
        _stderr = stderr;
        if (path is not null)
        {
            try
            {
                _file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new DecodeUsageException($"--dead-letter: cannot create '{path}': {e.Message}", e);
            }
        }
    }

    /// <summary>The input being decoded, recorded in each dead letter.</summary>
    public string? Source { get; set; }

    public void Handle(in DeadLetter letter)
    {
        if (_file is not null)
        {
            DeadLetterJsonWriter.Write(letter, _buffer, Source);
            _buffer.Write("\n"u8);
            if (_buffer.WrittenCount > 32 * 1024)
            {
                Flush();
            }

            return;
        }

        if (_notes++ < MaxNotes)
        {
            var where = letter.EventIndex >= 0 ? $" event {letter.EventIndex}" : string.Empty;
            var group = letter.LogGroup.IsEmpty ? string.Empty : $" ({Encoding.UTF8.GetString(letter.LogGroup)})";
            _stderr.WriteLine($"decode: {Source} record {letter.RecordIndex}{where}{group}: {letter.ReasonCode}: {letter.Message}");
        }
        else if (_notes == MaxNotes + 1)
        {
            _stderr.WriteLine("decode: more errors not shown; use --dead-letter PATH to keep them all");
        }
    }

    public void Flush()
    {
        _file?.Write(_buffer.WrittenSpan);
        _buffer.ResetWrittenCount();
        _file?.Flush();
    }

    public void Dispose()
    {
        Flush();
        _file?.Dispose();
    }
}
