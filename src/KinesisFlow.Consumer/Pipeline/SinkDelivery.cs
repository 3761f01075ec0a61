using System.Diagnostics;
using KinesisFlow.Consumer.Telemetry;
using KinesisFlow.Sinks;

namespace KinesisFlow.Consumer.Pipeline;

/// <summary>
/// Hands a delivery to every sink (each gets the batch in its own output format) and its dead letters to the
/// dead-letter file. Completes when all of them completed it; a sink that throws fails the delivery, so its shard
/// never checkpoints past it.
/// </summary>
internal static class SinkDelivery
{
    public static async Task DeliverAsync(SinkSet sinks, Delivery delivery, string streamName, ConsumerInstruments telemetry, CancellationToken cancellationToken)
    {
        using var span = telemetry.StartBatchDelivery(streamName, delivery.ShardId, delivery.FirstSequenceNumber, delivery.LastSequenceNumber, delivery.Records);
        var sends = new List<Task>(sinks.Sinks.Count + 1);
        if (delivery.Events > 0)
        {
            foreach (var sink in sinks.Sinks)
            {
                sends.Add(sink.SendAsync(delivery.BatchFor(sink.OutputFormat), cancellationToken).AsTask());
            }
        }

        if (!delivery.DeadLetterLines.IsEmpty)
        {
            sends.Add(sinks.DeadLetters.WriteLinesAsync(delivery.DeadLetterLines, cancellationToken).AsTask());
        }

        try
        {
            await Task.WhenAll(sends);
        }
        catch
        {
            span?.SetStatus(ActivityStatusCode.Error);
            throw;
        }

        if (delivery.Events > 0 && delivery.OldestFlowEnd is { } oldestEnd)
        {
            sinks.Delivered(oldestEnd);
        }
    }
}
