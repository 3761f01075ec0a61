using KinesisFlow.Coordination.Leases;

namespace KinesisFlow.Coordination.Tests.Leases;

public sealed class HashRangeCoverageTests
{
    private static readonly UInt128 Half = UInt128.MaxValue / 2;

    [Fact]
    public void Full_and_overlapping_coverage_has_no_hole()
    {
        Assert.Empty(HashRangeCoverage.FindHoles([HashKeyRange.Full]));
        Assert.Empty(HashRangeCoverage.FindHoles([new(Half + 1, UInt128.MaxValue), new(0, Half), new(10, Half + 5)]));
    }

    [Fact]
    public void Finds_holes_at_the_start_in_the_middle_and_at_the_end()
    {
        var holes = HashRangeCoverage.FindHoles([new(100, 199), new(300, Half)]);

        Assert.Equal([new HashKeyRange(0, 99), new HashKeyRange(200, 299), new HashKeyRange(Half + 1, UInt128.MaxValue)], holes);
    }

    [Fact]
    public void No_range_at_all_is_one_hole()
    {
        Assert.Equal([HashKeyRange.Full], HashRangeCoverage.FindHoles([]));
    }
}
