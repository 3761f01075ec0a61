using System.Text;

namespace KinesisFlow.Sinks.Tests;

public sealed class EventBatchBuilderTests
{
    [Fact]
    public void Batch_holds_ndjson_payload_event_boundaries_and_records()
    {
        using var batch = TestBatches.Build(
            "shardId-000000000001",
            ("100", "/vpc/a", EventEncoding.Json, ["{\"a\":1}", "{\"a\":2}"]),
            ("200", "/vpc/b", EventEncoding.Text, ["2 123 eni-1 - - - - - - - 1 2 - NODATA"]));

        Assert.Equal("{\"a\":1}\n{\"a\":2}\n2 123 eni-1 - - - - - - - 1 2 - NODATA\n", Encoding.UTF8.GetString(batch.Payload.Span));
        Assert.Equal(3, batch.Count);
        Assert.Equal(batch.Payload.Length, batch.Length);
        Assert.Equal("{\"a\":2}", Encoding.UTF8.GetString(batch.GetEvent(1).Span));
        Assert.Equal("2 123 eni-1 - - - - - - - 1 2 - NODATA", Encoding.UTF8.GetString(batch.GetEvent(2).Span));
        Assert.Equal("100", batch.FirstSequenceNumber);
        Assert.Equal("200", batch.LastSequenceNumber);
        Assert.Equal("/vpc/a", batch.GetRecordOf(1).LogGroup);
        Assert.Equal(EventEncoding.Text, batch.GetRecordOf(2).Encoding);
        Assert.Equal("shardId-000000000001", batch.ShardId);
    }

    [Fact]
    public void A_record_without_events_still_counts_so_its_sequence_number_can_be_checkpointed()
    {
        using var builder = new EventBatchBuilder("s");
        builder.BeginRecord("1", "/g", EventEncoding.Json);
        builder.BeginRecord("2", string.Empty, EventEncoding.Json);
        using var batch = builder.Build();

        Assert.NotNull(batch);
        Assert.Equal(0, batch.Count);
        Assert.Equal(2, batch.RecordCount);
        Assert.Equal("2", batch.LastSequenceNumber);
    }

    [Fact]
    public void Build_without_records_returns_null_and_an_abandoned_event_is_dropped()
    {
        using var builder = new EventBatchBuilder("s");
        Assert.Null(builder.Build());

        builder.BeginRecord("1", "/g", EventEncoding.Json);
        "{}"u8.CopyTo(builder.GetSpan(2));
        builder.Advance(2);
        builder.EndEvent();
        "{\"half"u8.CopyTo(builder.GetSpan(6));
        builder.Advance(6);
        builder.AbandonEvent();
        using var batch = builder.Build();

        Assert.Equal("{}\n", Encoding.UTF8.GetString(batch!.Payload.Span));
    }

    [Fact]
    public void Builder_grows_past_its_first_buffers_and_is_reusable()
    {
        using var builder = new EventBatchBuilder("s");
        for (var round = 0; round < 2; round++)
        {
            for (var record = 0; record < 40; record++)
            {
                builder.BeginRecord(record.ToString(System.Globalization.CultureInfo.InvariantCulture), "/g", EventEncoding.Json);
                for (var i = 0; i < 100; i++)
                {
                    var bytes = Encoding.UTF8.GetBytes(TestBatches.JsonOfLength($"{record}-{i}", 50));
                    bytes.CopyTo(builder.GetSpan(bytes.Length));
                    builder.Advance(bytes.Length);
                    builder.EndEvent();
                }
            }

            using var batch = builder.Build()!;
            Assert.Equal(4000, batch.Count);
            Assert.Equal(4000 * 51, batch.Length);
            Assert.Equal("39", batch.GetRecordOf(3999).SequenceNumber);
            Assert.Equal("0", batch.GetRecordOf(99).SequenceNumber);
            Assert.Equal("1", batch.GetRecordOf(100).SequenceNumber);
            Assert.Contains("\"id\":\"17-3\"", Encoding.UTF8.GetString(batch.GetEvent(1703).Span), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_copy_outlives_the_original()
    {
        var original = TestBatches.Json("s", "9", "{\"x\":1}", "{\"x\":2}");
        using var copy = original.Copy();
        original.Dispose();

        Assert.Throws<ObjectDisposedException>(() => original.Payload);
        Assert.Equal("{\"x\":2}", Encoding.UTF8.GetString(copy.GetEvent(1).Span));
        Assert.Equal("9", copy.LastSequenceNumber);
    }
}
