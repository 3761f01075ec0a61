using System.IO.Compression;
using System.Text.Json;
using KinesisFlow.Aws.Tests.Kinesis;
using KinesisFlow.TestKit;
using KinesisFlow.TestKit.Shapes;

namespace KinesisFlow.Aws.Tests.Shapes;

/// <summary>
/// Production-sized traffic through the real Kinesis client against kinesalite: a backlog of records near the 1 MiB
/// limit written by <see cref="BacklogProducer"/>, and a 10,000-record / 10 MB GetRecords answer.
/// </summary>
public sealed class KinesaliteShapesTests(KinesaliteFixture kinesalite) : IClassFixture<KinesaliteFixture>
{
    [Fact]
    public async Task A_backlog_of_records_near_1_MiB_is_read_back_whole_with_its_last_sequence_numbers()
    {
        using var stream = await EmulatorStream.CreateAsync(kinesalite.Endpoint, "backlog", 2);

        var backlog = await new BacklogProducer(stream.Client).FillAsync(stream.Name, 6 * 1024 * 1024, RecordSizes.NearLimit, cancellationToken: stream.Token);

        Assert.Equal(2, backlog.Shards.Count);
        var check = backlog.NewDeliveryCheck();
        foreach (var shard in backlog.Shards)
        {
            Assert.InRange(shard.Bytes, 6 * 1024 * 1024, (6 * 1024 * 1024) + KinesisLimits.MaxRecordBytes);
            var iterator = await stream.Client.GetShardIteratorAsync(
                new GetShardIteratorRequest(StreamAddress.ByName(stream.Name), shard.ShardId, StartingPosition.TrimHorizon), stream.Token);
            var (records, _) = await stream.Client.ReadAsync(iterator, shard.Records, stream.Token);

            Assert.Equal(shard.Records, records.Count);
            Assert.All(records, record => Assert.InRange(record.Data.Length, RecordSizes.NearLimit.MinGzipBytes * 0.97, RecordSizes.NearLimit.MaxGzipBytes));
            Assert.Equal(shard.LastSequenceNumber, records[^1].SequenceNumber);
            foreach (var record in records)
            {
                foreach (var id in EventIds(record.Data))
                {
                    check.Record(id);
                }
            }
        }

        Assert.True(check.AllDelivered && check.Duplicates == 0 && check.Foreign == 0, check.Describe());
        Assert.Empty(backlog.CheckpointMismatches(backlog.Shards.ToDictionary(s => s.ShardId, s => (string?)s.LastSequenceNumber)));
        Assert.Single(backlog.CheckpointMismatches(backlog.Shards.Skip(1).ToDictionary(s => s.ShardId, s => (string?)s.LastSequenceNumber)));
    }

    [Fact]
    public async Task One_GetRecords_answer_of_10000_records_and_10_MB_arrives_whole_through_the_real_client()
    {
        using var stream = await EmulatorStream.CreateAsync(kinesalite.Endpoint, "tenk", 1);
        var perRecord = KinesisLimits.MaxGetRecordsBytes / KinesisLimits.MaxGetRecordsCount;
        var backlog = await new BacklogProducer(stream.Client).FillAsync(
            stream.Name, KinesisLimits.MaxGetRecordsBytes, new RecordSizes(perRecord, perRecord), KinesisLimits.MaxGetRecordsCount, cancellationToken: stream.Token);
        Assert.Equal(KinesisLimits.MaxGetRecordsCount, backlog.Records);
        var iterator = await stream.Client.GetShardIteratorAsync(
            new GetShardIteratorRequest(StreamAddress.ByName(stream.Name), backlog.Shards[0].ShardId, StartingPosition.TrimHorizon), stream.Token);

        var answer = await stream.Client.GetRecordsAsync(new GetRecordsRequest(iterator, KinesisLimits.MaxGetRecordsCount), stream.Token);

        Assert.Equal(KinesisLimits.MaxGetRecordsCount, answer.Records.Count);
        var bytes = answer.Records.Sum(r => (long)r.Data.Length);
        Assert.True(bytes is >= (long)(KinesisLimits.MaxGetRecordsBytes * 0.95) and <= KinesisLimits.MaxGetRecordsBytes, $"{bytes} bytes");
        Assert.Equal(backlog.Shards[0].LastSequenceNumber, answer.Records[^1].SequenceNumber);
        var check = backlog.NewDeliveryCheck();
        foreach (var record in answer.Records)
        {
            foreach (var id in EventIds(record.Data))
            {
                check.Record(id);
            }
        }

        Assert.True(check.AllDelivered && check.Duplicates == 0, check.Describe());
    }

    private static IEnumerable<string> EventIds(ReadOnlyMemory<byte> gzip)
    {
        using var inflated = new MemoryStream();
        using (var stream = new GZipStream(new MemoryStream(gzip.ToArray()), CompressionMode.Decompress))
        {
            stream.CopyTo(inflated);
        }

        using var json = JsonDocument.Parse(inflated.ToArray());
        return [.. json.RootElement.GetProperty("logEvents").EnumerateArray().Select(e => e.GetProperty("id").GetString()!)];
    }
}
