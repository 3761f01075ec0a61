using KinesisFlow.Coordination.Leases;

namespace KinesisFlow.Coordination.Tests.Leases;

public sealed class LeaseOptionsTests
{
    [Fact]
    public void Defaults_are_the_kcls_and_valid()
    {
        var options = new LeaseOptions();

        Assert.Empty(options.Validate());
        Assert.Equal(TimeSpan.FromSeconds(10), options.LeaseDuration);
        Assert.Equal(options.LeaseDuration / 3, options.EffectiveRenewInterval);
    }

    [Fact]
    public void Unset_intervals_follow_a_shorter_lease()
    {
        var options = new LeaseOptions { LeaseDuration = TimeSpan.FromSeconds(2) };

        Assert.Empty(options.Validate());
        Assert.Equal(TimeSpan.FromSeconds(1), options.EffectiveBalanceInterval);
    }

    [Theory]
    [InlineData(10, 4, "Leases:RenewInterval")]
    [InlineData(10, 6, "Leases:RenewInterval")]
    [InlineData(10, 10, "Leases:RenewInterval")]
    [InlineData(0, 1, "Leases:LeaseDuration")]
    public void A_renewal_not_comfortably_inside_the_lease_is_an_error(int leaseSeconds, int renewSeconds, string setting)
    {
        var options = new LeaseOptions { LeaseDuration = TimeSpan.FromSeconds(leaseSeconds), RenewInterval = TimeSpan.FromSeconds(renewSeconds) };

        Assert.Contains(options.Validate(), error => error.StartsWith(setting, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_bad_setting_is_named()
    {
        var options = new LeaseOptions
        {
            BalanceInterval = TimeSpan.FromSeconds(11),
            HandoffTimeout = TimeSpan.Zero,
            ShardSyncInterval = TimeSpan.Zero,
            MaxLeasesPerWorker = 0,
            MaxLeasesToStealAtOnce = -1,
        };

        var errors = options.Validate();

        Assert.Equal(5, errors.Count);
        foreach (var setting in new[] { "BalanceInterval", "HandoffTimeout", "ShardSyncInterval", "MaxLeasesPerWorker", "MaxLeasesToStealAtOnce" })
        {
            Assert.Contains(errors, error => error.StartsWith("Leases:" + setting, StringComparison.Ordinal));
        }
    }
}
