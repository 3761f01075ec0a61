using CsCheck;
using KinesisFlow.Coordination.Lag;

namespace KinesisFlow.Coordination.Tests.Lag;

public sealed class UnacknowledgedArrivalsTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeMilliseconds(1_772_366_400_000);

    [Fact]
    public void Nothing_waits_at_first()
    {
        var waiting = new UnacknowledgedArrivals();
        Assert.Null(waiting.Oldest);
        Assert.Equal(0, waiting.Count);
    }

    [Fact]
    public void The_oldest_is_the_first_record_not_yet_acknowledged()
    {
        var waiting = new UnacknowledgedArrivals();
        for (var i = 0; i < 10; i++)
        {
            waiting.Read(Start + TimeSpan.FromSeconds(i));
        }

        waiting.Acknowledged(3);
        Assert.Equal(Start + TimeSpan.FromSeconds(3), waiting.Oldest);
        Assert.Equal(7, waiting.Count);

        waiting.Acknowledged(7);
        Assert.Null(waiting.Oldest);
    }

    [Fact]
    public void A_delivery_acknowledged_in_the_middle_of_a_batch_of_one_millisecond_leaves_the_rest_waiting()
    {
        // A PutRecords batch: 10,000 records stamped in the same millisecond, delivered in several batches.
        var waiting = new UnacknowledgedArrivals();
        for (var i = 0; i < 10_000; i++)
        {
            waiting.Read(Start);
        }

        waiting.Read(Start + TimeSpan.FromSeconds(1));
        waiting.Acknowledged(9_999);
        Assert.Equal(Start, waiting.Oldest);
        waiting.Acknowledged(1);
        Assert.Equal(Start + TimeSpan.FromSeconds(1), waiting.Oldest);
    }

    [Fact]
    public void Acknowledging_more_than_was_read_is_a_caller_bug()
    {
        var waiting = new UnacknowledgedArrivals();
        waiting.Read(Start);
        Assert.Throws<InvalidOperationException>(() => waiting.Acknowledged(2));
    }

    [Fact]
    public void Reads_and_acknowledgements_in_any_sizes_agree_with_a_plain_queue()
    {
        // Reads of up to 50 records with arrival steps of 0-2 ms (so runs coalesce and break), acknowledged in
        // deliveries of random sizes, interleaved: the oldest is always the head of a plain FIFO of every record.
        Gen.Select(Gen.Int[1, 50].Array[1, 40], Gen.Int[0, 2], Gen.Int[1, 30].Array[1, 200])
            .Sample((reads, step, deliveries) =>
            {
                var waiting = new UnacknowledgedArrivals();
                var model = new Queue<DateTimeOffset>();
                var arrival = Start;
                var next = 0;
                foreach (var read in reads)
                {
                    for (var i = 0; i < read; i++)
                    {
                        arrival += TimeSpan.FromMilliseconds((i * 7 + read) % (step + 1));
                        waiting.Read(arrival);
                        model.Enqueue(arrival);
                    }

                    var size = Math.Min(deliveries[next++ % deliveries.Length], model.Count);
                    waiting.Acknowledged(size);
                    for (var i = 0; i < size; i++)
                    {
                        model.Dequeue();
                    }

                    Assert.Equal(model.Count, waiting.Count);
                    Assert.Equal(model.Count == 0 ? null : model.Peek(), waiting.Oldest);
                }
            });
    }
}
