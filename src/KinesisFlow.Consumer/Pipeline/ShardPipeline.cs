using System.Threading.Channels;
using KinesisFlow.Aws;
using KinesisFlow.Consumer.Checkpointing;
using KinesisFlow.Consumer.Retrieval;
using KinesisFlow.Coordination.Checkpointing;

namespace KinesisFlow.Consumer.Pipeline;

/// <summary>
/// One shard's flow: read → decode and serialize → sinks → acknowledge and checkpoint, as three loops joined by
/// bounded channels that wait when full and never drop. A slow sink fills the in-flight channel, which stops
/// decoding, which fills the read-ahead channel, which stops reading: memory per shard stays bounded whatever the
/// backlog, and the shard's read budget is simply not used while the sinks catch up.
/// </summary>
internal sealed class ShardPipeline(
    ShardPipelineContext context,
    IShardReader reader,
    DeliveryAssembler assembler,
    ShardCheckpointer checkpointer)
{
    private volatile bool _leaseLost;
    private IReadOnlyList<ChildShard>? _childShards;

    /// <summary>
    /// Runs until the shard ends, <paramref name="stopReading"/> fires (graceful: in-flight deliveries are drained and
    /// acknowledged first), a checkpoint finds the lease lost, or <paramref name="abort"/> fires (lease lost: everything
    /// stops at once and nothing more is checkpointed). Throws when a stage fails (e.g. a sink gave up on a batch).
    /// </summary>
    public async Task<PipelineOutcome> RunAsync(CancellationToken stopReading, CancellationToken abort)
    {
        var options = context.Options;

        // Read-ahead: at most ReadAhead answers (each up to 10,000 records / 10 MB) wait for decoding. Wait, never
        // drop: a full buffer holds the reader back, which is how a slow sink slows reading.
        var reads = Channel.CreateBounded<ShardReadResult>(new BoundedChannelOptions(options.ReadAhead)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = true,
        });

        // In flight: deliveries handed to the sinks and not yet acknowledged, in stream order (plus the one being
        // handed over). Wait, never drop: decoding pauses here, bounding serialized bytes to about
        // MaxBatchesInFlight × MaxBatchBytes per output format.
        var inFlight = Channel.CreateBounded<Delivery>(new BoundedChannelOptions(options.MaxBatchesInFlight)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = true,
        });

        using var failed = CancellationTokenSource.CreateLinkedTokenSource(abort);
        using var stopped = CancellationTokenSource.CreateLinkedTokenSource(stopReading, failed.Token);
        var stages = new[]
        {
            Guard(ReadLoopAsync(reads.Writer, stopped.Token, failed.Token), failed),
            Guard(DecodeLoopAsync(reads.Reader, inFlight.Writer, stopReading, failed.Token), failed),
            Guard(AcknowledgeLoopAsync(inFlight.Reader, failed), failed),
        };

        try
        {
            await Task.WhenAll(stages);
        }
        catch (OperationCanceledException) when (_leaseLost && !abort.IsCancellationRequested)
        {
            // A checkpoint found the lease taken: the other stages were cancelled on purpose.
        }

        if (_leaseLost)
        {
            return new PipelineOutcome(ShardStopReason.LeaseLost, []);
        }

        return _childShards is { } children
            ? new PipelineOutcome(ShardStopReason.ShardEnded, children)
            : new PipelineOutcome(ShardStopReason.ShutdownRequested, []);
    }

    private async Task ReadLoopAsync(ChannelWriter<ShardReadResult> reads, CancellationToken stopped, CancellationToken failed)
    {
        try
        {
            while (true)
            {
                var read = await reader.ReadAsync(stopped);
                context.Telemetry.RecordsReceived(context.StreamName, context.ShardId, read.Records.Count, read.Bytes);
                checkpointer.RecordsRead(read);

                await reads.WriteAsync(read, stopped);
                if (read.ShardEnded)
                {
                    _childShards = read.ChildShards;
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stopped.IsCancellationRequested && !failed.IsCancellationRequested)
        {
            // Graceful stop: what was read and not yet decoded is simply read again by the next owner.
        }
        finally
        {
            reads.TryComplete();
        }
    }

    private async Task DecodeLoopAsync(ChannelReader<ShardReadResult> reads, ChannelWriter<Delivery> inFlight, CancellationToken stopReading, CancellationToken failed)
    {
        try
        {
            await foreach (var read in reads.ReadAllAsync(failed))
            {
                if (stopReading.IsCancellationRequested && !read.ShardEnded)
                {
                    break;
                }

                if (read.Records.Count == 0)
                {
                    // Caught up (or an empty answer): the decoder's buffers go back to the pool until records come
                    // again, so that an idle shard costs no decode buffers (docs/performance.md, Idle shards).
                    assembler.ReleaseBuffers();
                }

                foreach (var record in read.Records)
                {
                    assembler.Add(record);
                    if (assembler.PendingBytes >= context.Options.MaxBatchBytes)
                    {
                        await HandOverAsync(assembler.TakeDelivery()!, inFlight, failed);
                    }
                }

                if (assembler.TakeDelivery() is { } delivery)
                {
                    await HandOverAsync(delivery, inFlight, failed);
                }
            }
        }
        finally
        {
            inFlight.TryComplete();
        }
    }

    private async Task HandOverAsync(Delivery delivery, ChannelWriter<Delivery> inFlight, CancellationToken failed)
    {
        delivery.Ticket = checkpointer.Register(delivery.LastSequenceNumber);
        delivery.Completion = SinkDelivery.DeliverAsync(context.Sinks, delivery, context.StreamName, context.Telemetry, failed);
        await inFlight.WriteAsync(delivery, failed);
    }

    private async Task AcknowledgeLoopAsync(ChannelReader<Delivery> inFlight, CancellationTokenSource failed)
    {
        // Only this loop writes checkpoints, so they go out in order; the timer lets a quiet shard still checkpoint
        // what completed once the batching interval has passed.
        using var timer = new PeriodicTimer(context.CheckpointTick, context.Time);
        Task<bool>? tick = null;
        Task<bool>? ready = null;
        while (true)
        {
            ready ??= inFlight.WaitToReadAsync(failed.Token).AsTask();
            tick ??= timer.WaitForNextTickAsync(failed.Token).AsTask();
            if (await Task.WhenAny(ready, tick) == tick)
            {
                await tick;
                tick = null;
                await CheckpointIfDueAsync(failed);
                continue;
            }

            var more = await ready;
            ready = null;
            if (!more)
            {
                return;
            }

            while (inFlight.TryRead(out var delivery))
            {
                // WaitAsync: an abort (lease lost, drain timeout) stops the shard even if a sink is slow to notice.
                await delivery.Completion.WaitAsync(failed.Token);
                checkpointer.Acknowledge(delivery.Ticket, delivery.Records);
                delivery.Dispose();
                await CheckpointIfDueAsync(failed);
            }
        }
    }

    private async Task CheckpointIfDueAsync(CancellationTokenSource failed)
    {
        if (!await checkpointer.CheckpointIfDueAsync(failed.Token))
        {
            _leaseLost = true;
            await failed.CancelAsync();
            failed.Token.ThrowIfCancellationRequested();
        }
    }

    private static async Task Guard(Task stage, CancellationTokenSource failed)
    {
        try
        {
            await stage;
        }
        catch
        {
            // One stage failing stops the others, so the shard task ends (and the supervisor restarts it from its checkpoint).
            await failed.CancelAsync();
            throw;
        }
    }
}
