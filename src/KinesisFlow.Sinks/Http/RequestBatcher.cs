using System.Threading.Channels;

namespace KinesisFlow.Sinks;

/// <summary>
/// The batching loop of an HTTP sink: copies the events of each incoming batch into an open request per lane and
/// seals a request when it is full (count or bytes), when its linger time runs out, or at the end. Events too large
/// for the sink are dead-lettered instead.
/// </summary>
internal sealed class RequestBatcher(
    HttpSinkProfile profile,
    TimeProvider time,
    HttpRejectionHandler rejections,
    ChannelReader<PendingBatch> incoming,
    ChannelWriter<OutgoingRequest> outgoing,
    CancellationToken abort)
{
    // One open request per lane: the text lane (0) and, for sinks with two, the JSON lane (1).
    private readonly OutgoingRequest?[] _open = new OutgoingRequest?[2];

    private string Name => profile.Name;

    /// <summary>Runs until the incoming queue completes (everything sealed) or the sink aborts.</summary>
    public async Task RunAsync()
    {
        var reader = incoming;
        Task<bool>? waiting = null;
        try
        {
            while (true)
            {
                waiting ??= reader.WaitToReadAsync(abort).AsTask();
                if (!waiting.IsCompleted && OldestOpen() is { } oldest)
                {
                    var due = oldest.StartedAt + profile.Delivery.Linger - time.GetUtcNow();
                    if (due > TimeSpan.Zero && await LingerAsync(waiting, due))
                    {
                        continue;
                    }

                    if (!waiting.IsCompleted)
                    {
                        await SealDueAsync();
                        continue;
                    }
                }

                var more = await waiting;
                waiting = null;
                if (!more)
                {
                    break;
                }

                while (reader.TryRead(out var pending))
                {
                    await SplitAsync(pending);
                }
            }

            for (var lane = 0; lane < _open.Length; lane++)
            {
                await SealAsync(lane);
            }
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            FailOpenRequests();
        }
        finally
        {
            outgoing.TryComplete();
            while (reader.TryRead(out var left))
            {
                left.Fail(new ObjectDisposedException(Name));
                left.Release();
                left.Dispose();
            }
        }
    }

    // Waits for events or for the linger time to run out; true when events (or the end) arrived first.
    private async Task<bool> LingerAsync(Task<bool> waiting, TimeSpan due)
    {
        using var stopTimer = CancellationTokenSource.CreateLinkedTokenSource(abort);
        var timer = Task.Delay(due, time, stopTimer.Token);
        var first = await Task.WhenAny(waiting, timer);
        await stopTimer.CancelAsync();
        return first == waiting;
    }

    private OutgoingRequest? OldestOpen()
    {
        OutgoingRequest? oldest = null;
        foreach (var request in _open)
        {
            if (request is not null && (oldest is null || request.StartedAt < oldest.StartedAt))
            {
                oldest = request;
            }
        }

        return oldest;
    }

    private async Task SealDueAsync()
    {
        var now = time.GetUtcNow();
        for (var lane = 0; lane < _open.Length; lane++)
        {
            if (_open[lane] is { } request && now - request.StartedAt >= profile.Delivery.Linger)
            {
                await SealAsync(lane);
            }
        }
    }

    private async Task SealAsync(int lane)
    {
        if (_open[lane] is not { } request)
        {
            return;
        }

        _open[lane] = null;
        request.Seal();
        try
        {
            await outgoing.WriteAsync(request, abort);
        }
        catch
        {
            request.Finish(new ObjectDisposedException(Name));
            request.Dispose();
            throw;
        }
    }

    private void FailOpenRequests()
    {
        for (var lane = 0; lane < _open.Length; lane++)
        {
            if (_open[lane] is { } request)
            {
                _open[lane] = null;
                request.Finish(new ObjectDisposedException(Name));
                request.Dispose();
            }
        }
    }

    private async Task SplitAsync(PendingBatch pending)
    {
        var batch = pending.Batch;
        List<RejectedEvent>? tooLarge = null;
        try
        {
            var records = batch.RecordCount;
            var record = 0;
            for (var i = 0; i < batch.Count; i++)
            {
                while (batch.Records[record].EndEvent <= i && record < records - 1)
                {
                    record++;
                }

                var origin = batch.Records[record];
                var payload = batch.GetEvent(i);
                var laneIndex = LaneIndex(origin.Encoding);
                var lane = laneIndex == 0 ? profile.TextLane : profile.JsonLane;
                if (payload.Length > profile.MaxEventBytes || lane.Framing.SingleEventSize(payload.Length) > profile.Delivery.MaxRequestBytes)
                {
                    (tooLarge ??= []).Add(rejections.TooLarge(batch.ShardId, origin, payload));
                    continue;
                }

                var request = _open[laneIndex];
                if (request is not null && !request.Fits(payload.Length, profile.Delivery))
                {
                    await SealAsync(laneIndex);
                    request = null;
                }

                request ??= _open[laneIndex] = new OutgoingRequest(lane, time.GetUtcNow());
                request.Add(payload.Span, batch.ShardId, origin, pending);
                if (request.Count >= profile.Delivery.MaxEventsPerRequest)
                {
                    await SealAsync(laneIndex);
                }
            }

            if (tooLarge is not null)
            {
                await rejections.WriteTooLargeAsync(tooLarge, abort);
            }
        }
        catch (Exception exception)
        {
            pending.Fail(exception);
            if (exception is OperationCanceledException)
            {
                throw;
            }
        }
        finally
        {
            pending.Dispose();
            pending.Release();
        }
    }

    // Generic sinks have one lane for both encodings; SEKOIA.IO has one per encoding.
    private int LaneIndex(EventEncoding encoding) =>
        ReferenceEquals(profile.TextLane, profile.JsonLane) || encoding == EventEncoding.Text ? 0 : 1;
}
