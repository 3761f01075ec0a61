using System.Buffers;

namespace KinesisFlow.Sinks;

/// <summary>The pool of batch payload buffers: <see cref="EventBatchBuilder"/> rents them, <see cref="EventBatch"/> returns them.</summary>
/// <remarks>
/// Not <c>ArrayPool&lt;byte&gt;.Shared</c>: that pool parks a returned array in the returning thread's own cache first.
/// A payload is rented on a shard's decode loop and returned on its acknowledge loop, and thread-pool threads come and
/// go, so under steady load payloads of hundreds of KB kept missing the pool and were allocated afresh on the large
/// object heap, which only a full GC sweeps: resident memory climbed for about 20 minutes before the first one
/// (docs/performance.md, Soak). This pool has no per-thread caches, so any returned buffer serves the next renter.
/// It keeps what the pipeline's bounded channels needed at their peak, at most <see cref="MaxArraysPerBucket"/> buffers
/// of each size; a larger payload is allocated and dropped.
/// </remarks>
internal static class BatchPayloadPool
{
    /// <summary>Payloads grow by doubling from 64 KiB to a batch (MaxBatchBytes, 1 MiB by default) plus one record's events.</summary>
    private const int MaxArrayLength = 8 * 1024 * 1024;

    /// <summary>
    /// Every shard of a busy worker with a batch being built and a few in flight, per output format. At 32 busy shards
    /// 32 were too few: the scale benchmark allocated about 77 MB of payloads per 16 MiB drained (a gen-2 collection
    /// every few drains); 64 brought it to about 1 MB (docs/performance.md, Throughput ceiling).
    /// </summary>
    private const int MaxArraysPerBucket = 64;

    public static ArrayPool<byte> Instance { get; } = ArrayPool<byte>.Create(MaxArrayLength, MaxArraysPerBucket);
}
