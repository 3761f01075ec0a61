using KinesisFlow.TestKit;

namespace KinesisFlow.Aws.Tests.Kinesis;

/// <summary>
/// Multi-megabyte SubscribeToShard events through the event-stream reader and the HTTP/2 transport, from our own h2c
/// server: events from the size AWS sends at most (a shard's 2 MB/s of records, ~2.8 MB once base64'd) up to just
/// under the format's 16 MiB message limit (what kinesis-mock sends for a backlog), cut into DATA frames of chosen
/// sizes and into writes that split messages anywhere or join two.
/// </summary>
public sealed class SubscribeToShardLargeEventTests
{
    private const int MiB = 1024 * 1024;
    private static readonly SubscribeToShardRequest Request =
        new("arn:aws:kinesis:eu-west-1:000000000000:stream/flows/consumer/kf:1", "shardId-000000000000", StartingPosition.TrimHorizon);

    [Theory]
    [InlineData(2, 2, 16 * 1024)] // a shard's 2 MB/s budget in one event (2 records of ~1 MiB), 16 KiB DATA frames
    [InlineData(2, 2, 1000)] // the same in 1,000-byte frames: ~2,800 of them, message boundaries mid-frame
    [InlineData(3, 8, 4 * MiB + 1)] // 8 records of ~1 MiB (11 MB on the wire) in writes that end mid-message
    [InlineData(1, 11, 16 * 1024)] // one ~15.3 MB event, just under the 16 MiB message limit
    public async Task Large_events_arrive_whole_whatever_the_frame_and_write_sizes(int events, int recordsPerEvent, int writeSize)
    {
        var records = Enumerable.Range(0, events * recordsPerEvent).Select(RecordData).ToList();
        List<byte[]> messages = [FanOutEvents.InitialResponse()];
        for (var e = 0; e < events; e++)
        {
            messages.Add(FanOutEvents.Records(records.GetRange(e * recordsPerEvent, recordsPerEvent), e * recordsPerEvent));
            messages.Add(FanOutEvents.Records([], (e * recordsPerEvent) + recordsPerEvent - 1)); // a heartbeat between
        }

        await using var server = await FanOutEventServer.StartAsync(_ => new FanOutResponse(messages, writeSize));
        using var client = new KinesisClient(server.ClientOptions(TimeSpan.FromSeconds(60)));

        var received = new List<SubscribeToShardEvent>();
        await foreach (var e in client.SubscribeToShardAsync(Request, CancellationToken.None))
        {
            received.Add(e);
        }

        Assert.True(messages.Max(m => m.Length) > recordsPerEvent * RecordData(0).Length * 4L / 3, "the event is as large as its base64'd records");
        Assert.Equal(events * 2, received.Count);
        var delivered = received.SelectMany(e => e.Records).ToList();
        Assert.Equal(records.Count, delivered.Count);
        for (var i = 0; i < records.Count; i++)
        {
            Assert.Equal(FanOutEvents.SequenceNumber(i), delivered[i].SequenceNumber);
            Assert.True(records[i].AsSpan().SequenceEqual(delivered[i].Data.Span), $"record {i} arrived altered");
        }

        Assert.Equal(FanOutEvents.SequenceNumber(records.Count - 1), received[^1].ContinuationSequenceNumber);
    }

    [Fact]
    public async Task An_event_beyond_the_16_MiB_message_limit_fails_clearly_instead_of_being_buffered()
    {
        await using var server = await FanOutEventServer.StartAsync(_ => new FanOutResponse([FanOutEvents.Records(Enumerable.Range(0, 13).Select(RecordData).ToList(), 0)], 16 * 1024));
        using var client = new KinesisClient(server.ClientOptions(TimeSpan.FromSeconds(60)));

        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await foreach (var _ in client.SubscribeToShardAsync(Request, CancellationToken.None))
            {
                Assert.Fail("No event expected.");
            }
        });

        Assert.Contains("16777216", error.Message, StringComparison.Ordinal);
    }

    /// <summary>~1 MiB of data that differs per record (a record near the 1 MiB Kinesis limit).</summary>
    private static byte[] RecordData(int index)
    {
        var data = new byte[MiB - 512];
        new Random(index).NextBytes(data);
        return data;
    }
}
