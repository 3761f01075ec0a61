using System.IO.Pipelines;
using System.Text;
using KinesisFlow.Aws.EventStream;

namespace KinesisFlow.Aws.Tests.EventStream;

public sealed class EventStreamReaderTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(13)]
    [InlineData(4096)]
    public async Task Messages_arriving_in_pieces_of_any_size_come_out_whole_and_in_order(int pieceLength)
    {
        var frames = Enumerable.Range(0, 5).Select(i => EventStreamBytes.SubscribeToShardEvent($$"""{"n":{{i}}}""")).ToArray();
        byte[] wire = [.. frames.SelectMany(f => f)];
        var pipe = new Pipe();
        var writing = Task.Run(async () =>
        {
            for (var offset = 0; offset < wire.Length; offset += pieceLength)
            {
                await pipe.Writer.WriteAsync(wire.AsMemory(offset, Math.Min(pieceLength, wire.Length - offset)));
            }

            await pipe.Writer.CompleteAsync();
        });
        await using var reader = new EventStreamReader(pipe.Reader);

        var payloads = new List<string>();
        await foreach (var message in reader.ReadAllAsync().WithCancellation(new CancellationTokenSource(Bound).Token))
        {
            payloads.Add(Encoding.UTF8.GetString(message.Payload.Span));
        }

        await writing;
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $$"""{"n":{{i}}}"""), payloads);
    }

    [Fact]
    public async Task A_clean_end_between_messages_reads_as_null()
    {
        await using var reader = new EventStreamReader(new MemoryStream(EventStreamBytes.SubscribeToShardEvent("{}")));

        Assert.NotNull(await reader.ReadAsync());
        Assert.Null(await reader.ReadAsync());
    }

    [Fact]
    public async Task A_stream_that_ends_inside_a_message_is_truncated()
    {
        var frame = EventStreamBytes.SubscribeToShardEvent("""{"Records":[]}""");
        byte[] wire = [.. EventStreamBytes.SubscribeToShardEvent("{}"), .. frame.AsSpan(0, frame.Length - 3)];
        await using var reader = new EventStreamReader(new MemoryStream(wire));

        Assert.NotNull(await reader.ReadAsync());
        var error = await Assert.ThrowsAsync<EventStreamFormatException>(async () => await reader.ReadAsync());

        Assert.Equal(EventStreamFormatError.Truncated, error.Error);
        Assert.Contains($"{frame.Length - 3} bytes into a message of {frame.Length} bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stream_that_ends_inside_the_prelude_is_truncated()
    {
        await using var reader = new EventStreamReader(new MemoryStream([0, 0, 0]));

        var error = await Assert.ThrowsAsync<EventStreamFormatException>(async () => await reader.ReadAsync());

        Assert.Equal(EventStreamFormatError.Truncated, error.Error);
    }

    [Fact]
    public async Task An_oversize_length_fails_at_once_without_waiting_for_the_bytes_it_announces()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(EventStreamBytes.Prelude(64 * 1024 * 1024, 0)); // the writer never completes
        await using var reader = new EventStreamReader(pipe.Reader);

        var error = await Assert.ThrowsAsync<EventStreamFormatException>(
            async () => await reader.ReadAsync(new CancellationTokenSource(Bound).Token));

        Assert.Equal(EventStreamFormatError.LengthOutOfRange, error.Error);
    }

    [Fact]
    public async Task After_a_corrupt_message_every_later_read_fails_the_same_way()
    {
        var frame = EventStreamBytes.SubscribeToShardEvent("{}");
        frame[^1] ^= 0xFF;
        byte[] wire = [.. frame, .. EventStreamBytes.SubscribeToShardEvent("{}")];
        await using var reader = new EventStreamReader(new MemoryStream(wire));

        var first = await Assert.ThrowsAsync<EventStreamFormatException>(async () => await reader.ReadAsync());
        var second = await Assert.ThrowsAsync<EventStreamFormatException>(async () => await reader.ReadAsync());

        Assert.Equal(EventStreamFormatError.MessageChecksumMismatch, first.Error);
        Assert.Same(first, second);
    }

    [Fact]
    public async Task Reading_honours_cancellation_while_waiting_for_bytes()
    {
        var pipe = new Pipe();
        await using var reader = new EventStreamReader(pipe.Reader);
        using var cancel = new CancellationTokenSource();

        var pending = reader.ReadAsync(cancel.Token).AsTask();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
    }
}
