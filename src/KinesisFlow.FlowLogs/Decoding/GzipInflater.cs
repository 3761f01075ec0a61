using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;

namespace KinesisFlow.FlowLogs;

/// <summary>
/// Gunzips one record into a pooled buffer that is reused from record to record, never past a cap. The buffers are
/// rented on first use and can be handed back between records (<see cref="ReleaseBuffers"/>). The output buffer keeps
/// <see cref="FlowRecord.ReadablePadding"/> bytes of room after the inflated bytes (see there).
/// Not thread-safe: one per decoder.
/// </summary>
internal sealed class GzipInflater : IDisposable
{
    // The Kinesis Producer Library's aggregated-record prefix: CloudWatch Logs never writes it, a KCL producer may.
    private static ReadOnlySpan<byte> KplMagic => [0xF3, 0x89, 0x9A, 0xC2];

    // A gzip member is at least a 10-byte header, an empty deflate block and an 8-byte trailer.
    private const int MinGzipLength = 18;
    private const int InitialOutputSize = 64 * 1024;

    private readonly int _cap;
    private byte[] _input = [];
    private byte[] _output = [];

    public GzipInflater(int cap) => _cap = cap;

    /// <summary>The decompressed bytes of the last successful <see cref="Inflate"/>.</summary>
    public ReadOnlySpan<byte> Output => _output.AsSpan(0, OutputLength);

    public int OutputLength { get; private set; }

    /// <summary>The pooled buffer behind <see cref="Output"/>, for readers that keep offsets into it.</summary>
    internal byte[] OutputBuffer => _output;

    /// <summary>Inflates <paramref name="data"/>; on failure returns the reason and sets <paramref name="error"/>.</summary>
    public DeadLetterReason? Inflate(ReadOnlySpan<byte> data, out string? error)
    {
        OutputLength = 0;
        if (data.StartsWith(KplMagic))
        {
            error = $"data is a KPL-aggregated record ({data.Length} bytes, KPL magic prefix); KinesisFlow does not de-aggregate KPL records";
            return DeadLetterReason.KplAggregated;
        }

        if (data.Length < 2 || data[0] != 0x1f || data[1] != 0x8b)
        {
            error = $"data is not gzip ({data.Length} bytes, no gzip signature)";
            return DeadLetterReason.NotGzip;
        }

        if (data.Length < MinGzipLength)
        {
            error = $"gzip data is truncated ({data.Length} bytes)";
            return DeadLetterReason.CorruptGzip;
        }

        // The trailer's ISIZE is the uncompressed length mod 2^32: a size hint (untrusted, so capped) and,
        // after inflating, the check that catches truncation, which GZipStream itself does not report.
        var declared = BinaryPrimitives.ReadUInt32LittleEndian(data[^4..]);
        EnsureOutput((int)Math.Min(Math.Max(declared, (uint)Math.Min(InitialOutputSize, _cap)), (uint)_cap));
        CopyInput(data);

        var total = 0;
        try
        {
            using var source = new MemoryStream(_input, 0, data.Length, writable: false);
            using var gzip = new GZipStream(source, CompressionMode.Decompress);
            while (true)
            {
                var limit = Usable;
                if (total == limit)
                {
                    if (total == _cap)
                    {
                        // The buffer never exceeds the cap: one more byte from the stream proves the record too large.
                        Span<byte> probe = stackalloc byte[1];
                        if (gzip.Read(probe) > 0)
                        {
                            error = $"record decompresses to more than the {_cap}-byte cap";
                            return DeadLetterReason.TooLarge;
                        }

                        break;
                    }

                    Grow(total);
                    limit = Usable;
                }

                var read = gzip.Read(_output, total, limit - total);
                if (read == 0)
                {
                    break;
                }

                total += read;
            }
        }
        catch (InvalidDataException e)
        {
            error = $"gzip data is corrupt: {e.Message}";
            return DeadLetterReason.CorruptGzip;
        }

        if ((uint)total != declared)
        {
            error = $"gzip data is truncated or corrupt: inflated {total} bytes, trailer says {declared}";
            return DeadLetterReason.CorruptGzip;
        }

        OutputLength = total;
        error = null;
        return null;
    }

    /// <summary>
    /// Returns both buffers to the pool; the next <see cref="Inflate"/> rents them again. <see cref="Output"/> is
    /// empty afterwards.
    /// </summary>
    public void ReleaseBuffers()
    {
        OutputLength = 0;
        Return(ref _output);
        Return(ref _input);
    }

    public bool HoldsBuffers => _input.Length > 0 || _output.Length > 0;

    public void Dispose() => ReleaseBuffers();

    private static void Return(ref byte[] buffer)
    {
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = [];
        }
    }

    private void CopyInput(ReadOnlySpan<byte> data)
    {
        if (_input.Length < data.Length)
        {
            Return(ref _input);
            _input = ArrayPool<byte>.Shared.Rent(data.Length);
        }

        data.CopyTo(_input);
    }

    // How much of the output buffer may be inflated into: never past the cap, never into the padding.
    private int Usable => Math.Min(_output.Length - FlowRecord.ReadablePadding, _cap);

    private void EnsureOutput(int size)
    {
        if (_output.Length < size + FlowRecord.ReadablePadding)
        {
            Return(ref _output);
            _output = ArrayPool<byte>.Shared.Rent(size + FlowRecord.ReadablePadding);
        }
    }

    // Doubles the usable part of the buffer, keeping what was inflated so far, never beyond the cap.
    private void Grow(int used)
    {
        var size = (int)Math.Min(Math.Max((_output.Length - FlowRecord.ReadablePadding) * 2L, InitialOutputSize), _cap);
        var bigger = ArrayPool<byte>.Shared.Rent(size + FlowRecord.ReadablePadding);
        _output.AsSpan(0, used).CopyTo(bigger);
        Return(ref _output);
        _output = bigger;
    }
}
