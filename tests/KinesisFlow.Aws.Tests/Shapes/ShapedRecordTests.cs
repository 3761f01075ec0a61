using System.IO.Compression;
using System.Text.Json;
using KinesisFlow.TestKit;
using KinesisFlow.TestKit.Shapes;

namespace KinesisFlow.Aws.Tests.Shapes;

/// <summary>The TestKit's records of production shapes are what they claim: sizes, ratios, and ids that check.</summary>
public sealed class ShapedRecordTests
{
    [Fact]
    public void A_realistic_record_is_within_three_percent_under_its_size_and_carries_consecutive_checkable_ids()
    {
        var ids = new ShapedEventIds(7);
        var factory = new FlowLogRecordFactory(ids);
        var limit = RecordSizes.NearLimit.MaxGzipBytes;

        var first = factory.Realistic(limit);
        var small = factory.Realistic(4096);

        Assert.InRange(first.Data.Length, limit * 0.97, limit);
        Assert.InRange(small.Data.Length, 4096 * 0.97, 4096);
        Assert.Equal(first.EventCount, small.FirstEvent);
        Assert.Equal(first.EventCount + small.EventCount, factory.EventsMade);
        var envelope = Inflate(first.Data);
        Assert.Equal(first.DecompressedBytes, envelope.Length);
        var events = JsonDocument.Parse(envelope).RootElement.GetProperty("logEvents").EnumerateArray().ToList();
        Assert.Equal(first.EventIds(ids), events.Select(e => e.GetProperty("id").GetString()!));
        Assert.All(events, e => Assert.Equal(ShapedEventIds.Length, e.GetProperty("id").GetString()!.Length));
    }

    [Fact]
    public void A_compressible_record_inflates_to_at_least_ten_times_its_size()
    {
        var record = new FlowLogRecordFactory(new ShapedEventIds(7)).Compressible(10 * 1024 * 1024);

        Assert.InRange(record.DecompressedBytes, 10 * 1024 * 1024, 10.1 * 1024 * 1024);
        Assert.True(record.CompressionRatio >= 10, $"ratio {record.CompressionRatio:F1}");
        Assert.True(record.Data.Length <= KinesisLimits.MaxRecordBytes);
        Assert.Equal(record.DecompressedBytes, Inflate(record.Data).Length);
    }

    [Fact]
    public void The_delivery_check_counts_each_event_once_and_tells_duplicates_and_foreign_ids_apart()
    {
        var ids = new ShapedEventIds(3);
        var check = new DeliveryCheck(ids, 5);

        foreach (var ordinal in new long[] { 0, 1, 2, 4, 4 })
        {
            check.Record(ids.Id(ordinal));
        }

        check.Record(new ShapedEventIds(4).Id(3));
        check.Record(ids.Id(5));
        check.Record("36655277509046563744530617386213476010574497458669420544");

        Assert.False(check.AllDelivered);
        Assert.Equal((4, 1, 3), (check.Delivered, check.Duplicates, check.Foreign));
        Assert.Contains(ids.Id(3), check.Describe(), StringComparison.Ordinal);
        check.Record(ids.Id(3));
        Assert.True(check.AllDelivered);
    }

    [Fact]
    public void The_delivery_check_reads_only_complete_lines_and_only_once()
    {
        var ids = new ShapedEventIds(3);
        var check = new DeliveryCheck(ids, 3);
        using var temp = new TempDirectory();
        var path = temp.File("events.ndjson");
        File.WriteAllText(path, $"{{\"cloudwatch\":{{\"event_id\":\"{ids.Id(0)}\"}}}}\n{{\"cloudwatch\":{{\"event_id\":\"{ids.Id(1)}");
        check.ReadNdjson(path);
        Assert.Equal(1, check.Delivered);

        File.AppendAllText(path, $"\"}}}}\n{{\"cloudwatch\":{{\"event_id\":\"{ids.Id(2)}\"}}}}\n");
        check.ReadNdjson(path);
        check.ReadNdjson(path);

        Assert.True(check.AllDelivered, check.Describe());
        Assert.Equal(0, check.Duplicates);
    }

    private static byte[] Inflate(byte[] gzip)
    {
        using var inflated = new MemoryStream();
        using (var stream = new GZipStream(new MemoryStream(gzip), CompressionMode.Decompress))
        {
            stream.CopyTo(inflated);
        }

        return inflated.ToArray();
    }
}
