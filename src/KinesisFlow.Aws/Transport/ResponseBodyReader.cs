using System.Buffers;

namespace KinesisFlow.Aws;

/// <summary>Reads a whole response body into a pooled buffer (GetRecords answers reach 10 MiB of records, base64 on top).</summary>
internal static class ResponseBodyReader
{
    /// <summary>Far above any AWS JSON response; a body beyond it is a broken endpoint, not data.</summary>
    public const int MaxBodyBytes = 64 * 1024 * 1024;

    private const int InitialBufferBytes = 16 * 1024;

    /// <returns>A buffer rented from <see cref="ArrayPool{T}.Shared"/> (the caller returns it) and the length read.</returns>
    public static async Task<(byte[] Buffer, int Length)> ReadPooledAsync(Stream stream, long? contentLength, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(contentLength ?? InitialBufferBytes, 1, MaxBodyBytes));
        var length = 0;
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
            {
                length += read;
                if (length == buffer.Length)
                {
                    buffer = Grow(buffer, length);
                }
            }

            return (buffer, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private static byte[] Grow(byte[] full, int length)
    {
        if (length >= MaxBodyBytes)
        {
            throw new InvalidDataException($"The response body exceeds {MaxBodyBytes} bytes.");
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Min(length * 2, MaxBodyBytes));
        full.AsSpan(0, length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(full);
        return larger;
    }
}
