using System.Buffers;
using System.Buffers.Text;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace KinesisFlow.Aws;

/// <summary>
/// Reads the Records, ChildShards and shard shapes shared by GetRecords and SubscribeToShard events. Record data is
/// base64-decoded straight from the UTF-8 JSON into one buffer per response, so a batch of records costs one array,
/// not one per record.
/// </summary>
internal static class KinesisRecordReader
{
    public static IReadOnlyList<KinesisRecord> ReadRecords(JsonElement response)
    {
        if (!response.TryGetNonNull("Records", out var records) || records.ValueKind != JsonValueKind.Array || records.GetArrayLength() == 0)
        {
            return [];
        }

        var capacity = 0;
        foreach (var record in records.EnumerateArray())
        {
            if (record.TryGetNonNull("Data", out var data))
            {
                capacity += Base64.GetMaxDecodedFromUtf8Length(RawString(data).Length);
            }
        }

        var buffer = capacity == 0 ? [] : new byte[capacity];
        var offset = 0;
        var result = new List<KinesisRecord>(records.GetArrayLength());
        foreach (var record in records.EnumerateArray())
        {
            var length = record.TryGetNonNull("Data", out var data) ? Decode(data, buffer.AsSpan(offset)) : 0;
            result.Add(new KinesisRecord(
                record.GetRequiredString("SequenceNumber"),
                record.GetTimestampOrNull("ApproximateArrivalTimestamp"),
                buffer.AsMemory(offset, length),
                record.GetStringOrNull("PartitionKey") ?? string.Empty,
                record.GetStringOrNull("EncryptionType")));
            offset += length;
        }

        return result;
    }

    public static IReadOnlyList<ChildShard> ReadChildShards(JsonElement response) =>
        response.GetArrayOrEmpty("ChildShards", static child => new ChildShard(
            child.GetRequiredString("ShardId"),
            child.GetArrayOrEmpty("ParentShards", static parent => parent.GetString()!),
            ReadHashKeyRange(child)));

    public static Shard ReadShard(JsonElement shard)
    {
        var sequence = shard.TryGetNonNull("SequenceNumberRange", out var range) ? range : default;
        return new Shard(
            shard.GetRequiredString("ShardId"),
            shard.GetStringOrNull("ParentShardId"),
            shard.GetStringOrNull("AdjacentParentShardId"),
            ReadHashKeyRange(shard),
            new SequenceNumberRange(
                sequence.GetStringOrNull("StartingSequenceNumber") ?? string.Empty,
                sequence.GetStringOrNull("EndingSequenceNumber")));
    }

    private static HashKeyRange ReadHashKeyRange(JsonElement owner)
    {
        var range = owner.TryGetNonNull("HashKeyRange", out var value) ? value : default;
        return new HashKeyRange(range.GetStringOrNull("StartingHashKey") ?? "0", range.GetStringOrNull("EndingHashKey") ?? "0");
    }

    /// <summary>The UTF-8 text between the quotes of a JSON string, still escaped.</summary>
    private static ReadOnlySpan<byte> RawString(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? JsonMarshal.GetRawUtf8Value(value)[1..^1] : [];

    private static int Decode(JsonElement data, Span<byte> destination)
    {
        var raw = RawString(data);
        var status = Base64.DecodeFromUtf8(raw, destination, out _, out var written);
        if (status == OperationStatus.Done)
        {
            return written;
        }

        // Escaped characters ("\/" from some JSON writers) or invalid base64: let the JSON reader unescape and judge.
        if (!data.TryGetBytesFromBase64(out var bytes))
        {
            throw new AwsServiceException("InvalidResponse", "A record's Data is not valid base64.", System.Net.HttpStatusCode.OK, null);
        }

        bytes.CopyTo(destination);
        return bytes.Length;
    }
}
