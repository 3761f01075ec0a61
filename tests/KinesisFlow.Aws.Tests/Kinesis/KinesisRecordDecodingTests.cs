using System.Text;
using System.Text.Json;

namespace KinesisFlow.Aws.Tests.Kinesis;

/// <summary>
/// Record data decoded straight from the JSON bytes into one shared buffer must equal what was written, whatever the
/// sizes and however a JSON writer escaped the base64 ("\/", "\u002B"). Seeded random cases: reproducible.
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
            var json = new StringBuilder("""{"Records":[""");
            for (var i = 0; i < payloads.Length; i++)
            {
                var base64 = Convert.ToBase64String(payloads[i]);
                if (random.Next(3) == 0)
                {
                    base64 = base64.Replace("/", "\\/", StringComparison.Ordinal).Replace("+", "\\u002B", StringComparison.Ordinal);
                }

                json.Append(i == 0 ? string.Empty : ",").Append($$"""{"SequenceNumber":"{{i}}","Data":"{{base64}}","PartitionKey":"pk"}""");
            }

            json.Append("""],"NextShardIterator":"next","MillisBehindLatest":0}""");
            using var document = JsonDocument.Parse(json.ToString());

            var records = KinesisJson.ReadGetRecords(document.RootElement).Records;

            Assert.True(payloads.Length == records.Count, $"seed {seed}");
            for (var i = 0; i < payloads.Length; i++)
            {
                Assert.True(payloads[i].AsSpan().SequenceEqual(records[i].Data.Span), $"seed {seed}, record {i}");
            }
        }
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(4) == 0 ? random.Next(0, 4) : random.Next(0, 3000)];
        random.NextBytes(bytes);
        return bytes;
    }
}
