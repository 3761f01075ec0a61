using System.Buffers;
using System.Buffers.Text;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace KinesisFlow.Aws;

/// <summary>
/// Reads the Records, ChildShards and shard shapes shared by GetRecords and SubscribeToShard events. Record data is
/// base64-decoded straight from the UTF-8 JSON into shared chunks of up to <see cref="ChunkBytes"/>, so a batch of
/// records costs a few arrays, not one per record.
/// </summary>
internal static class KinesisRecordReader
{
    /// <summary>
    /// Largest shared chunk: below the GC's 85,000-byte large-object threshold. One array per answer used to land on the
    /// large object heap for every answer over 85 KB; those arrays die as soon as the answer is decoded, but the large
    /// object heap is only swept by a full collection, so a steady stream of them kept resident memory climbing for tens
    /// of minutes (docs/performance.md, Soak). Chunks this size die young in gen0 instead. A record larger than a chunk
    /// (up to the 1 MiB Kinesis limit) still gets an array of its own.
    /// </summary>
    internal const int ChunkBytes = 64 * 1024;

    public static IReadOnlyList<KinesisRecord> ReadRecords(JsonElement response)
    {
        if (!response.TryGetNonNull("Records", out var records) || records.ValueKind != JsonValueKind.Array || records.GetArrayLength() == 0)
        {
            return [];
        }

        // What the records that share chunks still need, so that the last chunk is no bigger than its records.
        var sharedNeed = 0;
        foreach (var record in records.EnumerateArray())
        {
            var need = MaxDecodedLength(record);
            sharedNeed += need <= ChunkBytes ? need : 0;
        }

        byte[] chunk = [];
        var offset = 0;
        var result = new List<KinesisRecord>(records.GetArrayLength());
        foreach (var record in records.EnumerateArray())
        {
            var need = MaxDecodedLength(record);
            Memory<byte> bytes = default;
            if (need > ChunkBytes)
            {
                var own = new byte[need];
                bytes = own.AsMemory(0, Decode(record.GetProperty("Data"), own));
            }
            else if (need > 0)
            {
                if (chunk.Length - offset < need)
                {
                    chunk = new byte[Math.Min(ChunkBytes, sharedNeed)];
                    offset = 0;
                }

                var length = Decode(record.GetProperty("Data"), chunk.AsSpan(offset));
                bytes = chunk.AsMemory(offset, length);
                offset += length;
                sharedNeed -= need;
            }

            result.Add(new KinesisRecord(
                record.GetRequiredString("SequenceNumber"),
                record.GetTimestampOrNull("ApproximateArrivalTimestamp"),
                bytes,
                record.GetStringOrNull("PartitionKey") ?? string.Empty,
                record.GetStringOrNull("EncryptionType")));
        }

        return result;
    }

    /// <summary>An upper bound of the record's decoded Data (0 when it has none).</summary>
    private static int MaxDecodedLength(JsonElement record) =>
        record.TryGetNonNull("Data", out var data) ? Base64.GetMaxDecodedFromUtf8Length(RawString(data).Length) : 0;

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
