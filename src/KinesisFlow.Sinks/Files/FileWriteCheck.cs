namespace KinesisFlow.Sinks;

/// <summary>
/// The start-up check of a file a sink will append to: its folder can be created and the file opened for append by
/// this user, so that a path that cannot be written stops the start instead of failing the first batch (and, on an
/// idle stream, never being noticed). It leaves no trace: a file it had to create is removed again.
/// </summary>
internal static class FileWriteCheck
{
    /// <summary>Why <paramref name="path"/> cannot be appended to, or null when it can.</summary>
    public static string? Problem(string path)
    {
        try
        {
            var fullPath = Path.GetFullPath(path);
            if (Directory.Exists(fullPath))
            {
                return $"'{path}' is a folder, not a file";
            }

            // As RotatingFile does before its first write.
            Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
            var existed = File.Exists(fullPath);
            using (new FileStream(fullPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, bufferSize: 1))
            {
            }

            if (!existed)
            {
                File.Delete(fullPath);
            }

            return null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return $"cannot append to '{path}' ({exception.Message}); its folder must exist or be creatable, and the file writable by this user";
        }
    }
}
