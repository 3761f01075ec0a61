using System.Diagnostics;
using KinesisFlow.TestKit;

namespace KinesisFlow.Consumer.Tests.Telemetry;

public sealed class BatchDeliverySpanTests : IDisposable
{
    private readonly TelemetryHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public void No_span_is_created_when_nothing_listens()
    {
        Assert.Null(_harness.Consumer.StartBatchDelivery("flow-logs", "shardId-000000000000", "1", "2", 2));
    }

    [Fact]
    public void A_sampled_batch_gets_a_consumer_span_with_messaging_attributes_and_its_sequence_range()
    {
        var stopped = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => ReferenceEquals(source, _harness.Consumer.ActivitySource),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Add,
        };
        ActivitySource.AddActivityListener(listener);

        using (_harness.Consumer.StartBatchDelivery("flow-logs", "shardId-000000000003", "4960001", "4960099", 42))
        {
        }

        var span = Assert.Single(stopped);
        Assert.Equal("process flow-logs", span.DisplayName);
        Assert.Equal(ActivityKind.Consumer, span.Kind);
        Assert.Equal("aws_kinesis", span.GetTagItem("messaging.system"));
        Assert.Equal("flow-logs", span.GetTagItem("messaging.destination.name"));
        Assert.Equal("shardId-000000000003", span.GetTagItem("messaging.destination.partition.id"));
        Assert.Equal(42, span.GetTagItem("messaging.batch.message_count"));
        Assert.Equal("4960001", span.GetTagItem("kinesisflow.sequence_number.first"));
        Assert.Equal("4960099", span.GetTagItem("kinesisflow.sequence_number.last"));
    }
}
