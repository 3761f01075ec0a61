using KinesisFlow.Consumer.Configuration;
using Microsoft.Extensions.Configuration;

namespace KinesisFlow.Consumer.Tests.Configuration;

/// <summary>
/// <c>KinesisFlow:Leases</c> is one options type, bound once with the rest of the settings and checked by the one
/// validator, so each problem is one message with one <c>KinesisFlow:</c> prefix naming its key.
/// </summary>
public sealed class LeaseSettingsTests
{
    [Fact]
    public void The_table_and_the_timings_bind_from_the_one_section()
    {
        var options = Bind(new()
        {
            ["KinesisFlow:Leases:TableName"] = "flows-app",
            ["KinesisFlow:Leases:WorkerId"] = "worker-7",
            ["KinesisFlow:Leases:CreateTable"] = "false",
            ["KinesisFlow:Leases:LeaseDuration"] = "00:00:30",
            ["KinesisFlow:Leases:MaxLeasesPerWorker"] = "12",
        });

        Assert.Equal("flows-app", options.Leases.TableName);
        Assert.Equal("worker-7", WorkerIdentity.Resolve(options.Leases));
        Assert.False(options.Leases.CreateTable);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Leases.LeaseDuration);
        Assert.Equal(TimeSpan.FromSeconds(10), options.Leases.EffectiveRenewInterval);
        Assert.Equal(12, options.Leases.MaxLeasesPerWorker);
    }

    [Theory]
    [InlineData("RenewInterval", "00:00:05", "KinesisFlow:Leases:RenewInterval (00:00:05) must be positive and at most a third of Leases:LeaseDuration (00:00:10)")]
    [InlineData("LeaseDuration", "00:00:01", "KinesisFlow:Leases:LeaseDuration (00:00:01) with Leases:RenewInterval (00:00:00.3333333) renews more often than once a second")]
    [InlineData("LeaseDuration", "-00:00:01", "KinesisFlow:Leases:LeaseDuration must be positive")]
    [InlineData("MaxLeasesToStealAtOnce", "-1", "KinesisFlow:Leases:MaxLeasesToStealAtOnce must not be negative")]
    [InlineData("TableName", "x", "KinesisFlow:Leases:TableName 'x' is not a DynamoDB table name (--lease-table;")]
    public void A_bad_lease_setting_is_one_message_with_one_prefix_naming_its_key(string key, string value, string message)
    {
        var errors = LeaseErrors(Bind(new() { [$"KinesisFlow:Leases:{key}"] = value }));

        var error = Assert.Single(errors);
        Assert.StartsWith(message, error, StringComparison.Ordinal);
        Assert.DoesNotContain("KinesisFlow:KinesisFlow", error, StringComparison.Ordinal);
        Assert.DoesNotContain(": Leases:", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Table_and_timing_problems_come_out_of_the_same_check()
    {
        var errors = LeaseErrors(Bind(new()
        {
            ["KinesisFlow:Leases:TableName"] = "no spaces",
            ["KinesisFlow:Leases:BalanceInterval"] = "00:01:00",
        }));

        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, error => error.StartsWith("KinesisFlow:Leases:TableName 'no spaces'", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.StartsWith("KinesisFlow:Leases:BalanceInterval (00:01:00)", StringComparison.Ordinal));
    }

    [Fact]
    public void The_defaults_are_valid() => Assert.Empty(LeaseErrors(Bind([])));

    private static KinesisFlowOptions Bind(Dictionary<string, string?> settings)
    {
        settings["KinesisFlow:Kinesis:StreamName"] = "flows";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var options = new KinesisFlowOptions();
        configuration.GetSection(KinesisFlowOptions.SectionName).Bind(options);
        return options;
    }

    private static List<string> LeaseErrors(KinesisFlowOptions options)
    {
        var result = new KinesisFlowOptionsValidator().Validate(null, options);
        return result.Failed ? [.. result.Failures.Where(failure => failure.Contains("Leases", StringComparison.Ordinal))] : [];
    }
}
