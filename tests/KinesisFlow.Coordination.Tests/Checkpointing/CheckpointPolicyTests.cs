using CsCheck;
using KinesisFlow.Coordination.Checkpointing;

namespace KinesisFlow.Coordination.Tests.Checkpointing;

public sealed class CheckpointPolicyTests
{
    private static readonly CheckpointPolicyOptions Options = new() { MaxInterval = TimeSpan.FromSeconds(5), MaxRecords = 3 };

    private static (AcknowledgementLedger Ledger, long[] Tickets) LedgerOf(int records)
    {
        var ledger = new AcknowledgementLedger();
        var tickets = new long[records];
        for (var i = 0; i < records; i++)
        {
            tickets[i] = ledger.Register($"{i + 1}", 1);
        }

        return (ledger, tickets);
    }

    [Fact]
    public void Nothing_is_due_without_progress_even_after_the_interval()
    {
        var (ledger, _) = LedgerOf(2);
        var policy = new CheckpointPolicy(Options, TimeSpan.Zero);
        Assert.Equal(CheckpointDecision.None, policy.Due(TimeSpan.FromMinutes(1), ledger));
    }

    [Fact]
    public void Progress_is_written_once_the_interval_has_passed()
    {
        var (ledger, tickets) = LedgerOf(2);
        var policy = new CheckpointPolicy(Options, TimeSpan.Zero);
        ledger.Acknowledge(tickets[0], 1);
        Assert.Equal(CheckpointDecision.None, policy.Due(TimeSpan.FromSeconds(4.9), ledger));
        var decision = policy.Due(TimeSpan.FromSeconds(5), ledger);
        Assert.Equal(CheckpointDecision.At("1"), decision);
        policy.Written(decision, TimeSpan.FromSeconds(5), ledger);
        Assert.Equal("1", policy.LastWritten);
        Assert.Equal(CheckpointDecision.None, policy.Due(TimeSpan.FromSeconds(60), ledger));
    }

    [Fact]
    public void A_full_batch_is_written_before_the_interval()
    {
        var (ledger, tickets) = LedgerOf(4);
        var policy = new CheckpointPolicy(Options, TimeSpan.Zero);
        ledger.Acknowledge(tickets[0], 1);
        ledger.Acknowledge(tickets[1], 1);
        Assert.Equal(CheckpointDecision.None, policy.Due(TimeSpan.FromSeconds(1), ledger));
        ledger.Acknowledge(tickets[2], 1);
        Assert.Equal(CheckpointDecision.At("3"), policy.Due(TimeSpan.FromSeconds(1), ledger));
    }

    [Fact]
    public void A_lost_lease_never_writes()
    {
        var (ledger, tickets) = LedgerOf(1);
        ledger.Acknowledge(tickets[0], 1);
        var policy = new CheckpointPolicy(Options, TimeSpan.Zero);
        Assert.Equal(CheckpointDecision.None, policy.OnStop(ShardStopReason.LeaseLost, ledger));
    }

    [Fact]
    public void Shutdown_writes_the_acknowledged_prefix_and_nothing_past_it()
    {
        var (ledger, tickets) = LedgerOf(3);
        ledger.Acknowledge(tickets[0], 1);
        ledger.Acknowledge(tickets[2], 1);
        var policy = new CheckpointPolicy(Options, TimeSpan.Zero);
        Assert.Equal(CheckpointDecision.At("1"), policy.OnStop(ShardStopReason.ShutdownRequested, ledger));
    }

    [Fact]
    public void Shutdown_without_new_progress_writes_nothing()
    {
        var (ledger, tickets) = LedgerOf(1);
        ledger.Acknowledge(tickets[0], 1);
        var policy = new CheckpointPolicy(Options, TimeSpan.Zero, ledger.CompletedRecords);
        Assert.Equal(CheckpointDecision.None, policy.OnStop(ShardStopReason.ShutdownRequested, ledger));
    }

    [Fact]
    public void Shard_end_is_written_only_when_nothing_is_in_flight()
    {
        var (ledger, tickets) = LedgerOf(2);
        var policy = new CheckpointPolicy(Options, TimeSpan.Zero);
        ledger.Acknowledge(tickets[0], 1);
        Assert.Equal(CheckpointDecision.At("1"), policy.OnStop(ShardStopReason.ShardEnded, ledger));
        ledger.Acknowledge(tickets[1], 1);
        var decision = policy.OnStop(ShardStopReason.ShardEnded, ledger);
        Assert.Equal(CheckpointDecision.ShardEnd, decision);
        policy.Written(decision, TimeSpan.FromSeconds(1), ledger);
        Assert.Equal("2", policy.LastWritten);
    }

    [Fact]
    public void An_empty_closed_shard_ends_at_once()
    {
        var policy = new CheckpointPolicy(Options, TimeSpan.Zero);
        Assert.Equal(CheckpointDecision.ShardEnd, policy.OnStop(ShardStopReason.ShardEnded, new AcknowledgementLedger()));
    }

    [Theory]
    [InlineData(0, 10, "MaxInterval")]
    [InlineData(601, 10, "MaxInterval")]
    [InlineData(5, 0, "MaxRecords")]
    public void Bad_options_are_rejected_naming_the_setting(int seconds, long records, string setting)
    {
        var options = new CheckpointPolicyOptions { MaxInterval = TimeSpan.FromSeconds(seconds), MaxRecords = records };
        Assert.StartsWith(setting + " ", Assert.Single(options.Validate()), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new CheckpointPolicy(options, TimeSpan.Zero));
    }

    [Fact]
    public void Checkpoints_never_pass_an_unacknowledged_record_never_go_back_and_are_batched()
    {
        Gen.Select(Gen.Int[1, 200], Gen.Int[0, int.MaxValue], Gen.Int[1, 20], Gen.Int[1, 10])
            .Sample((records, seed, maxRecords, maxSeconds) =>
            {
                var options = new CheckpointPolicyOptions { MaxRecords = maxRecords, MaxInterval = TimeSpan.FromSeconds(maxSeconds) };
                var random = new Random(seed);
                var (ledger, tickets) = LedgerOf(records);
                var acknowledged = new bool[records];
                var order = Enumerable.Range(0, records).OrderBy(_ => random.Next()).ToArray();
                var policy = new CheckpointPolicy(options, TimeSpan.Zero);
                var now = TimeSpan.Zero;
                var lastWritten = 0;
                var lastWriteAt = TimeSpan.Zero;
                foreach (var record in order)
                {
                    ledger.Acknowledge(tickets[record], 1);
                    acknowledged[record] = true;
                    now += TimeSpan.FromMilliseconds(random.Next(0, 3000));
                    var decision = policy.Due(now, ledger);
                    if (decision.Kind == CheckpointDecisionKind.None)
                    {
                        continue;
                    }

                    var written = int.Parse(decision.SequenceNumber!);
                    Assert.All(acknowledged.Take(written), Assert.True);
                    Assert.True(written > lastWritten);
                    Assert.True(written - lastWritten >= maxRecords || now - lastWriteAt >= options.MaxInterval);
                    policy.Written(decision, now, ledger);
                    (lastWritten, lastWriteAt) = (written, now);
                }

                Assert.Equal(CheckpointDecision.ShardEnd, policy.OnStop(ShardStopReason.ShardEnded, ledger));
            }, iter: 300, seed: "0N0XIzNsQ0O2");
    }
}
