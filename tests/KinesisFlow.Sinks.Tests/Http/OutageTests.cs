using System.Globalization;
using System.Text.Json;
using KinesisFlow.TestKit.Http;

namespace KinesisFlow.Sinks.Tests.Http;

public sealed class OutageTests : IAsyncLifetime
{
    private HttpSinkHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await HttpSinkHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task A_minute_long_outage_acknowledges_nothing_early_and_delivers_everything_afterwards()
    {
        var down = 1;
        _harness.Server.Respond = _ => Volatile.Read(ref down) == 1 ? new Reply(503, "maintenance") : null;
        var sink = _harness.Sekoia(options =>
        {
            options.MaxRequestBytes = 4096;
            options.MaxRequestsInFlight = 2;
            options.RetryBaseDelay = TimeSpan.FromSeconds(1);
            options.MaxRetryDelay = TimeSpan.FromSeconds(20);
        });

        // Three shards, four batches each, twenty events per batch: 240 events in many small requests.
        var batches = new List<EventBatch>();
        for (var shard = 0; shard < 3; shard++)
        {
            for (var number = 0; number < 4; number++)
            {
                var events = Enumerable.Range(0, 20).Select(i => TestBatches.JsonOfLength($"{shard}-{number}-{i}", 200)).ToArray();
                batches.Add(TestBatches.Build($"shardId-{shard}", ($"{number}", "/vpc/custom", EventEncoding.Json, events)));
            }
        }

        var sends = batches.Select(batch => sink.SendAsync(batch, CancellationToken.None).AsTask()).ToList();
        await HttpSinkHarness.WaitForAsync(() => _harness.Server.Requests.Count >= 2, "the first attempts");

        await _harness.AdvanceAsync(TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(1));

        Assert.DoesNotContain(sends, send => send.IsCompleted);
        Assert.All(_harness.Server.Requests, request => Assert.Equal("/jsons", request.PathAndQuery));
        Assert.True(_harness.Server.Requests.Count > 2, "the sink stopped retrying during the outage");
        Assert.True(_harness.Server.MostConcurrentRequests <= 2, $"{_harness.Server.MostConcurrentRequests} requests in flight");
        var failedAttempts = _harness.Server.Requests.Count;

        Volatile.Write(ref down, 0);
        await _harness.AdvanceUntilAsync(() => sends.TrueForAll(send => send.IsCompleted), TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10), "delivery after the outage");
        await Task.WhenAll(sends);

        var delivered = _harness.Server.Requests.Skip(failedAttempts)
            .SelectMany(request => JsonDocument.Parse(request.Body).RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetString()!))
            .ToHashSet(StringComparer.Ordinal);
        var expected = Enumerable.Range(0, 3).SelectMany(shard => Enumerable.Range(0, 4).SelectMany(number =>
            Enumerable.Range(0, 20).Select(i => string.Create(CultureInfo.InvariantCulture, $"{shard}-{number}-{i}"))));
        Assert.Equal(expected.Order(StringComparer.Ordinal), delivered.Order(StringComparer.Ordinal));
        Assert.Empty(_harness.ReadDeadLetters());
        batches.ForEach(batch => batch.Dispose());
    }

    [Fact]
    public async Task A_caller_that_stops_waiting_gets_no_acknowledgement_and_may_recycle_its_batch()
    {
        var down = 1;
        var acceptedBodies = new System.Collections.Concurrent.ConcurrentQueue<string>();
        _harness.Server.Respond = request =>
        {
            if (Volatile.Read(ref down) == 1)
            {
                return new Reply(503);
            }

            acceptedBodies.Enqueue(request.Text);
            return null;
        };
        var sink = _harness.Sekoia();
        using var cancel = new CancellationTokenSource();
        var batch = TestBatches.Json("s", "1", "{\"id\":\"kept\"}");

        var send = sink.SendAsync(batch, cancel.Token).AsTask();
        await HttpSinkHarness.WaitForAsync(() => _harness.Server.Requests.Count >= 1, "the first attempt");
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => send);
        batch.Dispose();

        // The sink kept its own copy: the event still arrives intact once the endpoint is back.
        Volatile.Write(ref down, 0);
        await _harness.AdvanceUntilAsync(() => !acceptedBodies.IsEmpty, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(2), "the retried request");
        Assert.Equal(["[{\"id\":\"kept\"}]"], acceptedBodies);
    }

    [Fact]
    public async Task Sinks_acknowledge_independently_a_file_sink_is_not_held_up_by_a_failing_http_sink()
    {
        _harness.Server.Respond = _ => new Reply(503);
        var http = _harness.Generic("ingest");
        await using var file = new FileSink(Path.Combine(_harness.Directory, "flows.ndjson"), OutputFormats.Json, new FileRotationOptions(), _harness.Time);
        using var batch = TestBatches.Json("s", "1", "{\"id\":1}");

        var toHttp = http.SendAsync(batch, CancellationToken.None).AsTask();
        await file.SendAsync(batch, CancellationToken.None);

        Assert.False(toHttp.IsCompleted);
        _harness.Server.Respond = _ => null;
        await _harness.AdvanceUntilAsync(() => toHttp.IsCompleted, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(2), "the HTTP sink to recover");
        await toHttp;
    }
}
