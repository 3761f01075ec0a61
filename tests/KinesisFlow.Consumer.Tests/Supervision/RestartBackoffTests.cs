using KinesisFlow.Consumer.Supervision;

namespace KinesisFlow.Consumer.Tests.Supervision;

public sealed class RestartBackoffTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(6, 32)]
    [InlineData(7, 60)]
    [InlineData(1000, 60)]
    public void A_faulted_shard_waits_twice_as_long_per_fault_in_a_row_up_to_the_cap(int faults, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), RestartBackoff.After(faults, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1)));
}
