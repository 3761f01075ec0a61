using System.Buffers;

namespace KinesisFlow.Cli;

/// <summary>
/// Reads a dead-letter file line by line from a byte offset, without loading it whole: files reach hundreds of MB and
/// one line about 1.4 MB (a 1 MiB record in base64), so one pooled buffer grows to the longest line and no further.
/// </summary>
internal sealed class DeadLetterLineReader : IDisposable
{
    private const int ReadSize = 256 * 1024;

    private readonly FileStream _file;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(ReadSize * 2);
    private int _start;
    private int _end;
    private bool _atEnd;

    /// <summary>Opens <paramref name="path"/> and skips to <paramref name="offset"/>, a line boundary a previous run reached.</summary>
    public DeadLetterLineReader(string path, long offset)
    {
        _file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1);
        _file.Seek(offset, SeekOrigin.Begin);
        Offset = offset;
    }

    /// <summary>The byte offset just past the last line returned: where a later run resumes.</summary>
    public long Offset { get; private set; }

    /// <summary>
    /// The next line without its line ending (empty lines are skipped), valid until the next call; false at the end.
    /// A last line without a final newline is returned too.
    /// </summary>
    public bool TryReadLine(out ReadOnlyMemory<byte> line)
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0 || (_atEnd && _end > _start))
            {
                var length = newline >= 0 ? newline : _end - _start;
                var consumed = newline >= 0 ? length + 1 : length;
                var content = _buffer.AsMemory(_start, length);
                _start += consumed;
                Offset += consumed;
                if (content.Span.TrimEnd("\r"u8).IsEmpty)
                {
                    continue;
                }

                line = content[..content.Span.TrimEnd("\r"u8).Length];
                return true;
            }

            if (_atEnd)
            {
                line = default;
                return false;
            }

            Fill();
        }
    }

    public void Dispose()
    {
        _file.Dispose();
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    // Moves the unread part to the front, grows the buffer when a line is longer than it, then reads more.
    private void Fill()
    {
        var unread = _end - _start;
        if (_start > 0)
        {
            _buffer.AsSpan(_start, unread).CopyTo(_buffer);
            _start = 0;
            _end = unread;
        }

        if (_buffer.Length - _end < ReadSize)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            _buffer.AsSpan(0, _end).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }

        var read = _file.Read(_buffer, _end, _buffer.Length - _end);
        _end += read;
        _atEnd = read == 0;
    }
}
