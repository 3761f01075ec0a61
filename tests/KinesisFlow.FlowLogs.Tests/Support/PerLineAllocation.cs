using System.Buffers;
using KinesisFlow.FlowLogs.Output;

namespace KinesisFlow.FlowLogs.Tests.Support;

/// <summary>
/// Measures what decoding a small and a large record allocates on this thread, after a warm-up so pools and
/// caches are filled: the difference is the per-line cost the hot path must keep at zero.
/// </summary>
internal static class PerLineAllocation
{
    public static (long Small, long Large) Measure(FlowRecordDecoder decoder, NdjsonFlowRecordHandler handler, ArrayBufferWriter<byte> output, byte[] small, byte[] large)
    {
        long Once(byte[] data)
        {
            output.ResetWrittenCount();
            var before = GC.GetAllocatedBytesForCurrentThread();
            decoder.Decode(data, handler);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        for (var i = 0; i < 20; i++)
        {
            Once(small);
            Once(large);
        }

        // Best of three: a cost per line shows in every measurement, while a one-off refill (the shared array pool
        // trims itself after a gen-2 collection, which another test running in this process may cause at any moment)
        // shows in one at most.
        var best = (Small: 0L, Large: long.MaxValue);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var perSmall = Once(small);
            var perLarge = Once(large);
            if (perLarge - perSmall < best.Large - best.Small)
            {
                best = (perSmall, perLarge);
            }
        }

        return best;
    }
}
