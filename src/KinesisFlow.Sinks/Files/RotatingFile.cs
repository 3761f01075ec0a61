using System.Globalization;

namespace KinesisFlow.Sinks;

/// <summary>
/// An append-only file that rotates by size and age: the active file keeps its configured path, and a full one is
/// renamed to <c>STEM-yyyyMMddTHHmmssZ[-N].EXT</c> (the time it was opened, UTC) beside it. Reopening an existing path
/// appends to it, so a restart never overwrites delivered events. Not thread-safe: one caller at a time.
/// </summary>
internal sealed class RotatingFile : IDisposable
{
    private readonly string _path;
    private readonly string _directory;
    private readonly string _stem;
    private readonly string _extension;
    private readonly FileRotationOptions _options;
    private readonly TimeProvider _time;
    private FileStream? _stream;
    private DateTimeOffset _openedAt;

    public RotatingFile(string path, FileRotationOptions options, TimeProvider time)
    {
        _path = Path.GetFullPath(path);
        _directory = Path.GetDirectoryName(_path)!;
        _stem = Path.GetFileNameWithoutExtension(_path);
        _extension = Path.GetExtension(_path);
        _options = options;
        _time = time;
    }

    /// <summary>The active file's full path.</summary>
    public string FullPath => _path;

    /// <summary>Appends <paramref name="bytes"/> to the active file, rotating first when the size or age limit says so.</summary>
    public void Write(ReadOnlySpan<byte> bytes)
    {
        var stream = _stream ?? Open();
        if (stream.Length > 0 && MustRotate(stream.Length, bytes.Length))
        {
            Rotate(stream);
            stream = Open();
        }

        stream.Write(bytes);
    }

    /// <summary>Pushes buffered bytes to the operating system (and to disk when configured).</summary>
    public void Flush() => _stream?.Flush(_options.FlushToDisk);

    public void Dispose()
    {
        _stream?.Dispose();
        _stream = null;
    }

    private bool MustRotate(long currentLength, int incoming)
    {
        if (_options.MaxFileBytes > 0 && currentLength + incoming > _options.MaxFileBytes)
        {
            return true;
        }

        return _options.RotateEvery > TimeSpan.Zero && _time.GetUtcNow() - _openedAt >= _options.RotateEvery;
    }

    private FileStream Open()
    {
        Directory.CreateDirectory(_directory);

        // Buffer size 1: callers hand whole batches, so FileStream's own buffer would only add a copy.
        _stream = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 1);
        _openedAt = _time.GetUtcNow();
        return _stream;
    }

    private void Rotate(FileStream stream)
    {
        stream.Flush(_options.FlushToDisk);
        stream.Dispose();
        _stream = null;
        File.Move(_path, FreeRotatedName());
        DeleteBeyondRetention();
    }

    private string FreeRotatedName()
    {
        var stamp = _openedAt.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var candidate = Path.Combine(_directory, $"{_stem}-{stamp}{_extension}");
        for (var n = 1; File.Exists(candidate); n++)
        {
            candidate = Path.Combine(_directory, $"{_stem}-{stamp}-{n}{_extension}");
        }

        return candidate;
    }

    private void DeleteBeyondRetention()
    {
        if (_options.MaxRetainedFiles <= 0)
        {
            return;
        }

        // The UTC stamp sorts by age; the suffix -N only follows a name with the same stamp.
        var rotated = Directory.GetFiles(_directory, $"{_stem}-*{_extension}");
        Array.Sort(rotated, StringComparer.Ordinal);
        for (var i = 0; i < rotated.Length - _options.MaxRetainedFiles; i++)
        {
            File.Delete(rotated[i]);
        }
    }
}
