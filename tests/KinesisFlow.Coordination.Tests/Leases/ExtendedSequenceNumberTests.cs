using KinesisFlow.Coordination.Leases;

namespace KinesisFlow.Coordination.Tests.Leases;

public sealed class ExtendedSequenceNumberTests
{
    [Theory]
    [InlineData("AT_TIMESTAMP", "TRIM_HORIZON")]
    [InlineData("LATEST", "1")]
    [InlineData("9", "10")]
    [InlineData("49590338271490256608559692538361571095921575989136588898", "49590338271490256608559692538361571095921575989136588899")]
    [InlineData("99999999999999999999", "100000000000000000000")]
    [InlineData("0099", "100")]
    [InlineData("49590338271490256608559692538361571095921575989136588898", "SHARD_END")]
    public void Orders_sentinels_around_numbers_and_numbers_by_value(string lower, string higher)
    {
        var low = new ExtendedSequenceNumber(lower);
        var high = new ExtendedSequenceNumber(higher);

        Assert.True(low < high);
        Assert.True(high > low);
        Assert.Equal(-1, Math.Sign(low.CompareTo(high)));
    }

    [Fact]
    public void Sub_sequence_numbers_order_records_of_one_aggregate()
    {
        Assert.True(new ExtendedSequenceNumber("5", 1) < new ExtendedSequenceNumber("5", 2));
        Assert.True(new ExtendedSequenceNumber("5", 9) < new ExtendedSequenceNumber("6", 0));
        Assert.Equal("5/2", new ExtendedSequenceNumber("5", 2).ToString());
    }

    [Fact]
    public void Knows_its_kind()
    {
        Assert.True(ExtendedSequenceNumber.ShardEnd.IsShardEnd);
        Assert.True(ExtendedSequenceNumber.Latest.IsStartingPosition);
        Assert.False(ExtendedSequenceNumber.ShardEnd.IsStartingPosition);
        Assert.False(new ExtendedSequenceNumber("1").IsSentinel);
    }

    [Theory]
    [InlineData("")]
    [InlineData("12a")]
    [InlineData("-1")]
    [InlineData("trim_horizon")]
    public void Refuses_anything_else(string value) =>
        Assert.ThrowsAny<ArgumentException>(() => new ExtendedSequenceNumber(value));
}
