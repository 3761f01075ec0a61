using CsCheck;
using KinesisFlow.Coordination.Checkpointing;

namespace KinesisFlow.Coordination.Tests.Checkpointing;

public sealed class AcknowledgementLedgerTests
{
    [Fact]
    public void Nothing_is_complete_before_anything_is_acknowledged()
    {
        var ledger = new AcknowledgementLedger();
        ledger.Register("100", 2);
        Assert.Null(ledger.CompletedThrough);
        Assert.Equal(1, ledger.InFlight);
        Assert.Equal(0, ledger.CompletedRecords);
    }

    [Fact]
    public void A_record_with_nothing_to_deliver_completes_at_once_when_its_predecessors_have()
    {
        var ledger = new AcknowledgementLedger();
        ledger.Register("100", 0);
        Assert.Equal("100", ledger.CompletedThrough);
        var ticket = ledger.Register("200", 1);
        ledger.Register("300", 0);
        Assert.Equal("100", ledger.CompletedThrough);
        ledger.Acknowledge(ticket, 1);
        Assert.Equal("300", ledger.CompletedThrough);
        Assert.Equal(0, ledger.InFlight);
        Assert.Equal(3, ledger.CompletedRecords);
    }

    [Fact]
    public void A_later_record_acknowledged_first_waits_for_the_earlier_one()
    {
        var ledger = new AcknowledgementLedger();
        var first = ledger.Register("1", 2);
        var second = ledger.Register("2", 1);
        ledger.Acknowledge(second, 1);
        Assert.Null(ledger.CompletedThrough);
        ledger.Acknowledge(first, 1);
        Assert.Null(ledger.CompletedThrough);
        ledger.Acknowledge(first, 1);
        Assert.Equal("2", ledger.CompletedThrough);
    }

    [Fact]
    public void Acknowledging_more_than_awaited_or_an_unknown_ticket_is_refused()
    {
        var ledger = new AcknowledgementLedger();
        var ticket = ledger.Register("1", 1);
        Assert.Throws<InvalidOperationException>(() => ledger.Acknowledge(ticket, 2));
        Assert.Throws<InvalidOperationException>(() => ledger.Acknowledge(ticket + 1, 1));
        ledger.Acknowledge(ticket, 1);
        Assert.Throws<InvalidOperationException>(() => ledger.Acknowledge(ticket, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ledger.Acknowledge(ticket, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ledger.Register("2", -1));
        Assert.Throws<ArgumentException>(() => ledger.Register("", 1));
    }

    [Fact]
    public void In_any_order_of_acknowledgements_the_completed_prefix_is_exactly_the_fully_acknowledged_prefix()
    {
        // Records with 0..4 acknowledgements each (events × sinks), acknowledged in a random order, in random amounts,
        // while new records keep arriving: the ledger must never report a record complete before all its predecessors.
        Gen.Select(Gen.Int[0, 4].Array[1, 300], Gen.Int[0, int.MaxValue])
            .Sample((needs, shuffleSeed) =>
            {
                var random = new Random(shuffleSeed);
                var ledger = new AcknowledgementLedger();
                var remaining = new int[needs.Length];
                var tickets = new long[needs.Length];
                var pending = new List<int>();
                var registered = 0;
                while (registered < needs.Length || pending.Count > 0)
                {
                    if (registered < needs.Length && (pending.Count == 0 || random.Next(3) == 0))
                    {
                        tickets[registered] = ledger.Register((registered + 1).ToString(), needs[registered]);
                        remaining[registered] = needs[registered];
                        if (needs[registered] > 0)
                        {
                            pending.Add(registered);
                        }

                        registered++;
                    }
                    else
                    {
                        var pick = random.Next(pending.Count);
                        var record = pending[pick];
                        var amount = random.Next(1, remaining[record] + 1);
                        ledger.Acknowledge(tickets[record], amount);
                        remaining[record] -= amount;
                        if (remaining[record] == 0)
                        {
                            pending.RemoveAt(pick);
                        }
                    }

                    var prefix = 0;
                    while (prefix < registered && remaining[prefix] == 0)
                    {
                        prefix++;
                    }

                    Assert.Equal(prefix == 0 ? null : prefix.ToString(), ledger.CompletedThrough);
                    Assert.Equal(prefix, ledger.CompletedRecords);
                    Assert.Equal(registered - prefix, ledger.InFlight);
                }
            }, iter: 300, seed: "0N0XIzNsQ0O2");
    }
}
