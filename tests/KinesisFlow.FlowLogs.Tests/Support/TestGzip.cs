using System.IO.Compression;

namespace KinesisFlow.FlowLogs.Tests.Support;

/// <summary>Plain gunzip for tests: the reference the pooled decoder is compared with.</summary>
internal static class TestGzip
{
    public static byte[] Gunzip(byte[] data)
    {
        using var input = new GZipStream(new MemoryStream(data), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}
