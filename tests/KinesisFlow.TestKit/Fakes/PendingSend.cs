using System.Text;
using KinesisFlow.Sinks;

namespace KinesisFlow.TestKit.Fakes;

/// <summary>One batch handed to a <see cref="ControllableSink"/>: what it held, copied at the call, and its outcome.</summary>
public sealed class PendingSend
{
    private static readonly byte[] EventIdMember = "\"event_id\":\""u8.ToArray();

    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal PendingSend(int index, EventBatch batch)
    {
        Index = index;
        ShardId = batch.ShardId;
        FirstSequenceNumber = batch.FirstSequenceNumber;
        LastSequenceNumber = batch.LastSequenceNumber;
        Events = batch.Count;
        var records = new string[batch.RecordCount];
        for (var i = 0; i < records.Length; i++)
        {
            records[i] = batch.Records[i].SequenceNumber;
        }

        SequenceNumbers = records;
        var ids = new List<string>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            var line = batch.GetEvent(i).Span;
            var member = line.IndexOf(EventIdMember);
            if (member >= 0)
            {
                var value = line[(member + EventIdMember.Length)..];
                ids.Add(Encoding.UTF8.GetString(value[..value.IndexOf((byte)'"')]));
            }
        }

        EventIds = ids;
    }

    /// <summary>Its place among the sink's sends (0 first).</summary>
    public int Index { get; }

    public string ShardId { get; }

    public string FirstSequenceNumber { get; }

    public string LastSequenceNumber { get; }

    public int Events { get; }

    /// <summary>The sequence numbers of the Kinesis records whose events it holds.</summary>
    public IReadOnlyList<string> SequenceNumbers { get; }

    /// <summary>The CloudWatch Logs ids of its events (<c>json</c> output).</summary>
    public IReadOnlyList<string> EventIds { get; }

    public bool IsCompleted => _completion.Task.IsCompleted;

    public bool IsAcknowledged => _completion.Task.IsCompletedSuccessfully;

    internal Task Completion => _completion.Task;

    /// <summary>The sink now durably holds the batch: the send completes.</summary>
    public void Acknowledge() => _completion.TrySetResult();

    /// <summary>The sink gave up on the batch: the send throws <paramref name="failure"/>.</summary>
    public void Fail(Exception failure) => _completion.TrySetException(failure);
}
