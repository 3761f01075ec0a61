using System.Text;
using KinesisFlow.Aws.EventStream;

namespace KinesisFlow.Aws.Tests.EventStream;

public sealed class Crc32Tests
{
    [Fact]
    public void Matches_the_standard_check_value()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute(Encoding.ASCII.GetBytes("123456789")));
        Assert.Equal(0u, Crc32.Compute([]));
    }

    [Fact]
    public void Matches_gzip_and_can_be_computed_in_pieces()
    {
        var data = new byte[10_000];
        new Random(42).NextBytes(data);

        var whole = Crc32.Compute(data);
        var pieces = Crc32.Append(Crc32.Append(Crc32.Compute(data.AsSpan(0, 3333)), data.AsSpan(3333, 1)), data.AsSpan(3334));

        Assert.Equal(EventStreamBytes.GzipCrc32(data), whole);
        Assert.Equal(whole, pieces);
    }
}
