using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace KinesisFlow.Aws.Tests.Kinesis;

/// <summary>
/// Record data decoded straight from the JSON bytes into shared chunks must equal what was written, whatever the
/// sizes (chunks filled, records larger than a chunk) and however a JSON writer escaped the base64 ("\/", "\u002B").
/// Seeded random cases: reproducible.
/// </summary>
public sealed class KinesisRecordDecodingTests
{
    [Fact]
    public void Random_batches_decode_to_the_bytes_written()
    {
        for (var seed = 1; seed <= 300; seed++)
        {
            var random = new Random(seed);
            var payloads = Enumerable.Range(0, random.Next(0, 20)).Select(_ => RandomBytes(random)).ToArray();
            var records = Read(payloads, escape: _ => random.Next(3) == 0);

            Assert.True(payloads.Length == records.Count, $"seed {seed}");
            for (var i = 0; i < payloads.Length; i++)
            {
                Assert.True(payloads[i].AsSpan().SequenceEqual(records[i].Data.Span), $"seed {seed}, record {i}");
            }
        }
    }

    [Fact]
    public void Records_share_chunks_below_the_large_object_threshold_and_only_a_larger_record_gets_its_own_array()
    {
        // An answer of about 800 KB: one array for all of it would be a large object that only a full GC reclaims.
        var random = new Random(7);
        var payloads = Enumerable.Range(0, 40).Select(_ => new byte[20_000]).Append(new byte[200_000]).Append(new byte[10]).ToArray();
        foreach (var payload in payloads)
        {
            random.NextBytes(payload);
        }

        var records = Read(payloads, escape: _ => false);

        var arrays = new HashSet<byte[]>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < records.Count; i++)
        {
            Assert.True(MemoryMarshal.TryGetArray(records[i].Data, out var segment));
            arrays.Add(segment.Array!);
            Assert.True(payloads[i].AsSpan().SequenceEqual(records[i].Data.Span));
            if (payloads[i].Length <= KinesisRecordReader.ChunkBytes)
            {
                Assert.InRange(segment.Array!.Length, payloads[i].Length, KinesisRecordReader.ChunkBytes);
            }
        }

        Assert.True(KinesisRecordReader.ChunkBytes < 85_000, "a chunk must stay below the GC's large-object threshold");
        Assert.InRange(arrays.Count, 2, 40 / 3 + 3);
    }

    private static IReadOnlyList<KinesisRecord> Read(byte[][] payloads, Func<int, bool> escape)
    {
        var json = new StringBuilder("""{"Records":[""");
        for (var i = 0; i < payloads.Length; i++)
        {
            var base64 = Convert.ToBase64String(payloads[i]);
            if (escape(i))
            {
                base64 = base64.Replace("/", "\\/", StringComparison.Ordinal).Replace("+", "\\u002B", StringComparison.Ordinal);
            }

            json.Append(i == 0 ? string.Empty : ",").Append($$"""{"SequenceNumber":"{{i}}","Data":"{{base64}}","PartitionKey":"pk"}""");
        }

        json.Append("""],"NextShardIterator":"next","MillisBehindLatest":0}""");
        using var document = JsonDocument.Parse(json.ToString());
        return KinesisJson.ReadGetRecords(document.RootElement).Records;
    }

    // Mostly small records, some that fill a chunk in a few, some larger than a chunk.
    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(8) switch
        {
            0 or 1 => random.Next(0, 4),
            2 => random.Next(KinesisRecordReader.ChunkBytes - 8, 2 * KinesisRecordReader.ChunkBytes),
            3 or 4 => random.Next(3000, 30_000),
            _ => random.Next(0, 3000),
        }];
        random.NextBytes(bytes);
        return bytes;
    }
}
