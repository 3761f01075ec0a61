using System.Text;
using System.Text.Json;
using KinesisFlow.TestKit.Http;

namespace KinesisFlow.Sinks.Tests.Http;

public sealed class SekoiaSinkTests : IAsyncLifetime
{
    private const string RawLine1 = "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK";
    private const string RawLine2 = "2 123456789010 eni-1235b8ca123456789 172.31.9.69 172.31.9.12 49761 3389 6 20 4249 1418530010 1418530070 REJECT OK";
    private HttpSinkHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await HttpSinkHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Raw_lines_go_to_plain_batch_with_the_intake_key_one_line_per_event()
    {
        var sink = _harness.Sekoia();
        using var batch = TestBatches.Build("shardId-000000000000", ("1", "/vpc/default", EventEncoding.Text, [RawLine1, RawLine2]));

        await sink.SendAsync(batch, CancellationToken.None);

        var request = Assert.Single(_harness.Server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/plain/batch", request.PathAndQuery);
        Assert.Equal(HttpSinkHarness.IntakeKey, request.Header("X-SEKOIAIO-INTAKE-KEY"));
        Assert.StartsWith("text/plain", request.Header("Content-Type"), StringComparison.Ordinal);
        Assert.Equal(RawLine1 + "\n" + RawLine2, request.Text);
        Assert.Equal(request.Body.Length, int.Parse(request.Header("Content-Length"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Json_events_go_to_jsons_as_one_array()
    {
        var sink = _harness.Sekoia();
        string[] events = ["{\"version\":2,\"srcaddr\":\"10.0.0.1\"}", "{\"version\":5,\"vpc_id\":\"vpc-1\"}", "{\"version\":3}"];
        using var batch = TestBatches.Build("s", ("7", "/vpc/custom", EventEncoding.Json, events));

        await sink.SendAsync(batch, CancellationToken.None);

        var request = Assert.Single(_harness.Server.Requests);
        Assert.Equal("/jsons", request.PathAndQuery);
        Assert.Equal("application/json", request.Header("Content-Type"));
        Assert.Equal(HttpSinkHarness.IntakeKey, request.Header("X-SEKOIAIO-INTAKE-KEY"));
        Assert.Equal("[" + string.Join(',', events) + "]", request.Text);
        using var parsed = JsonDocument.Parse(request.Body);
        Assert.Equal(3, parsed.RootElement.GetArrayLength());
    }

    [Fact]
    public async Task A_batch_mixing_raw_and_json_log_groups_is_acknowledged_once_both_endpoints_accepted()
    {
        var sink = _harness.Sekoia();
        using var batch = TestBatches.Build(
            "s",
            ("1", "/vpc/default", EventEncoding.Text, [RawLine1]),
            ("2", "/vpc/custom", EventEncoding.Json, ["{\"a\":1}"]),
            ("3", "/vpc/default", EventEncoding.Text, [RawLine2]));
        var jsonsRefusedOnce = 0;
        _harness.Server.Respond = request =>
            request.PathAndQuery == "/jsons" && Interlocked.Exchange(ref jsonsRefusedOnce, 1) == 0 ? new Reply(503) : null;

        var send = sink.SendAsync(batch, CancellationToken.None).AsTask();
        await HttpSinkHarness.WaitForAsync(() => _harness.Server.Requests.Count >= 2, "both lanes to send");
        Assert.False(send.IsCompleted, "acknowledged while /jsons had not accepted its part");
        await _harness.AdvanceUntilAsync(() => send.IsCompleted, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(2), "the retried /jsons request");
        await send;

        var accepted = _harness.Server.Requests.Where(request => request.PathAndQuery == "/plain/batch").Select(request => request.Text).ToList();
        Assert.Equal([RawLine1 + "\n" + RawLine2], accepted);
        Assert.Equal(["{\"a\":1}", "{\"a\":1}"], _harness.Server.Requests.Where(request => request.PathAndQuery == "/jsons").Select(request => request.Text[1..^1]));
    }

    [Fact]
    public async Task Requests_are_split_to_stay_within_the_byte_and_event_limits()
    {
        const int limit = 10_000;
        var sink = _harness.Sekoia(options => options.MaxRequestBytes = limit);
        var events = Enumerable.Range(0, 100).Select(i => TestBatches.JsonOfLength($"e{i}", 480)).ToArray();
        using var batch = TestBatches.Build("s", ("1", "/vpc/custom", EventEncoding.Json, events));

        await sink.SendAsync(batch, CancellationToken.None);

        var requests = _harness.Server.Requests;
        Assert.True(requests.Count >= 5, $"expected the 48 kB batch in several requests, got {requests.Count}");
        Assert.All(requests, request => Assert.True(request.WireLength <= limit, $"request of {request.WireLength} bytes"));
        // Requests go out in parallel, so only the events inside one request keep their order.
        var perRequest = requests.Select(request => JsonDocument.Parse(request.Body).RootElement.EnumerateArray().Select(e => int.Parse(e.GetProperty("id").GetString()![1..], System.Globalization.CultureInfo.InvariantCulture)).ToList()).ToList();
        Assert.All(perRequest, ids => Assert.Equal(ids.Order(), ids));
        Assert.Equal(Enumerable.Range(0, 100), perRequest.SelectMany(ids => ids).Order());

        var lines = _harness.Sekoia(options => options.MaxEventsPerRequest = 7, OutputFormats.Raw);
        using var rawBatch = TestBatches.Build("s", ("2", "/vpc/default", EventEncoding.Text, [.. Enumerable.Repeat(RawLine1, 20)]));
        await lines.SendAsync(rawBatch, CancellationToken.None);
        var plain = _harness.Server.Requests.Where(request => request.PathAndQuery == "/plain/batch").Select(request => request.Text.Split('\n').Length).Order().ToList();
        Assert.Equal([6, 7, 7], plain);
    }

    [Fact]
    public async Task An_event_over_250000_bytes_is_dead_lettered_and_the_rest_delivered()
    {
        var sink = _harness.Sekoia();
        var largest = TestBatches.JsonOfLength("fits", 250_000);
        var tooLarge = TestBatches.JsonOfLength("too-large", 250_001);
        using var batch = TestBatches.Build("shardId-000000000003", ("42", "/vpc/custom", EventEncoding.Json, ["{\"id\":\"small\"}", tooLarge, largest]));

        await sink.SendAsync(batch, CancellationToken.None);

        var request = Assert.Single(_harness.Server.Requests);
        var ids = JsonDocument.Parse(request.Body).RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetString());
        Assert.Equal(["small", "fits"], ids);
        var letter = Assert.Single(_harness.ReadDeadLetters());
        Assert.Equal("event_too_large", letter.GetProperty("reason").GetString());
        Assert.Equal("/vpc/custom", letter.GetProperty("log_group").GetString());
        Assert.Equal("42", letter.GetProperty("sequence_number").GetString());
        Assert.Equal("shardId-000000000003", letter.GetProperty("shard_id").GetString());
        Assert.Equal("sekoia", letter.GetProperty("format").GetString());
        Assert.Equal(tooLarge, Encoding.UTF8.GetString(letter.GetProperty("data_base64").GetBytesFromBase64()));
    }

    [Fact]
    public async Task Retry_after_is_honoured_before_the_request_is_sent_again()
    {
        var sink = _harness.Sekoia();
        var answered = 0;
        _harness.Server.Respond = _ => Interlocked.Increment(ref answered) == 1 ? new Reply(429, "slow down", RetryAfterSeconds: 30) : null;
        using var batch = TestBatches.Build("s", ("1", "/vpc/default", EventEncoding.Text, [RawLine1]));

        var send = sink.SendAsync(batch, CancellationToken.None).AsTask();
        await HttpSinkHarness.WaitForAsync(() => _harness.Server.Requests.Count == 1, "the first attempt");
        await _harness.AdvanceUntilAsync(() => send.IsCompleted, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(2), "the retry");
        await send;

        var requests = _harness.Server.Requests;
        Assert.Equal(2, requests.Count);
        Assert.Equal(requests[0].Text, requests[1].Text);
        Assert.InRange(requests[1].ReceivedAt - requests[0].ReceivedAt, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(32));
        Assert.Empty(_harness.ReadDeadLetters());
    }

    [Fact]
    public async Task A_retry_after_longer_than_the_largest_backoff_is_still_honoured()
    {
        var sink = _harness.Sekoia(options => options.MaxRetryDelay = TimeSpan.FromSeconds(20));
        var answered = 0;
        _harness.Server.Respond = _ => Interlocked.Increment(ref answered) == 1 ? new Reply(503, RetryAfterSeconds: 120) : null;
        using var batch = TestBatches.Build("s", ("1", "/vpc/default", EventEncoding.Text, [RawLine1]));

        var send = sink.SendAsync(batch, CancellationToken.None).AsTask();
        await HttpSinkHarness.WaitForAsync(() => _harness.Server.Requests.Count == 1, "the first attempt");
        await _harness.AdvanceUntilAsync(() => send.IsCompleted, TimeSpan.FromSeconds(4), TimeSpan.FromMinutes(5), "the retry");
        await send;

        // Time moves in 4-second steps, so the retry shows up at most one step after it was due.
        var requests = _harness.Server.Requests;
        Assert.InRange(requests[1].ReceivedAt - requests[0].ReceivedAt, TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(124));
    }

    [Fact]
    public async Task Server_errors_and_timeouts_are_retried_with_growing_delays()
    {
        var sink = _harness.Sekoia(options =>
        {
            options.RetryBaseDelay = TimeSpan.FromSeconds(2);
            options.MaxRetryDelay = TimeSpan.FromMinutes(5);
        });
        // Six failures (server errors and a request timeout), then success.
        int[] failures = [500, 502, 408, 500, 503, 504];
        var answered = 0;
        _harness.Server.Respond = _ => Interlocked.Increment(ref answered) is var n && n <= failures.Length ? new Reply(failures[n - 1]) : null;
        using var batch = TestBatches.Build("s", ("1", "/vpc/default", EventEncoding.Text, [RawLine1]));

        var send = sink.SendAsync(batch, CancellationToken.None).AsTask();
        await HttpSinkHarness.WaitForAsync(() => _harness.Server.Requests.Count == 1, "the first attempt");
        await _harness.AdvanceUntilAsync(() => send.IsCompleted, TimeSpan.FromMilliseconds(500), TimeSpan.FromMinutes(10), "delivery after six failures");
        await send;

        var times = _harness.Server.Requests.Select(request => request.ReceivedAt).ToList();
        Assert.Equal(failures.Length + 1, times.Count);
        var waits = times.Zip(times.Skip(1), (earlier, later) => later - earlier).ToList();

        // Every draw one half: each wait is half its ceiling, 2 s doubled per failure (1, 2, 4, 8, 16, 32 s), seen
        // at most one 500 ms step late.
        double[] expected = [1, 2, 4, 8, 16, 32];
        Assert.All(waits.Zip(expected), pair => Assert.InRange(pair.First, TimeSpan.FromSeconds(pair.Second), TimeSpan.FromSeconds(pair.Second + 0.5)));
    }

    [Fact]
    public async Task Retry_waits_are_drawn_below_their_ceiling_and_capped()
    {
        // The top draw: each wait just under its ceiling, 1 s doubled per failure and capped at 5 s.
        _harness.Draw = () => Math.BitDecrement(1.0);
        var sink = _harness.Sekoia(options =>
        {
            options.RetryBaseDelay = TimeSpan.FromSeconds(1);
            options.MaxRetryDelay = TimeSpan.FromSeconds(5);
        });
        var answered = 0;
        _harness.Server.Respond = _ => Interlocked.Increment(ref answered) <= 5 ? new Reply(503) : null;
        using var batch = TestBatches.Build("s", ("1", "/vpc/default", EventEncoding.Text, [RawLine1]));

        var send = sink.SendAsync(batch, CancellationToken.None).AsTask();
        await HttpSinkHarness.WaitForAsync(() => _harness.Server.Requests.Count == 1, "the first attempt");
        await _harness.AdvanceUntilAsync(() => send.IsCompleted, TimeSpan.FromMilliseconds(250), TimeSpan.FromMinutes(2), "delivery after five failures");
        await send;

        var times = _harness.Server.Requests.Select(request => request.ReceivedAt).ToList();
        var waits = times.Zip(times.Skip(1), (earlier, later) => later - earlier).ToList();
        double[] ceilings = [1, 2, 4, 5, 5];
        Assert.Equal(ceilings.Length, waits.Count);
        Assert.All(waits.Zip(ceilings), pair => Assert.InRange(pair.First, TimeSpan.FromSeconds(pair.Second - 0.25), TimeSpan.FromSeconds(pair.Second)));
    }

    [Fact]
    public async Task A_dropped_connection_is_retried()
    {
        var sink = _harness.Sekoia();
        var answered = 0;
        _harness.Server.Respond = _ => Interlocked.Increment(ref answered) == 1 ? new Reply(0, Abort: true) : null;
        using var batch = TestBatches.Build("s", ("1", "/vpc/default", EventEncoding.Text, [RawLine1]));

        var send = sink.SendAsync(batch, CancellationToken.None).AsTask();
        await HttpSinkHarness.WaitForAsync(() => _harness.Server.Requests.Count == 1, "the first attempt");
        await _harness.AdvanceUntilAsync(() => send.IsCompleted, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(2), "the retry after a dropped connection");
        await send;

        Assert.Equal(2, _harness.Server.Requests.Count);
        Assert.Empty(_harness.ReadDeadLetters());
    }

    [Fact]
    public async Task An_attempt_that_outlives_the_request_timeout_is_abandoned_and_retried()
    {
        var sink = _harness.Sekoia(options => options.RequestTimeout = TimeSpan.FromSeconds(30));
        var stuck = new TaskCompletionSource();
        var answered = 0;
        _harness.Server.Respond = _ => Interlocked.Increment(ref answered) == 1 ? new Reply(200, WaitFor: stuck.Task) : null;
        using var batch = TestBatches.Build("s", ("1", "/vpc/default", EventEncoding.Text, [RawLine1]));

        var send = sink.SendAsync(batch, CancellationToken.None).AsTask();
        await HttpSinkHarness.WaitForAsync(() => _harness.Server.Requests.Count == 1, "the first attempt");
        await _harness.AdvanceUntilAsync(() => send.IsCompleted, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(2), "the retry after a timeout");
        stuck.SetResult();
        await send;

        var requests = _harness.Server.Requests;
        Assert.Equal(2, requests.Count);
        Assert.True(requests[1].ReceivedAt - requests[0].ReceivedAt >= TimeSpan.FromSeconds(30), "retried before the attempt timed out");
    }

    [Fact]
    public async Task A_400_sends_every_event_of_the_request_to_the_dead_letters_with_status_and_body()
    {
        var sink = _harness.Sekoia();
        _harness.Server.Respond = _ => new Reply(400, "{\"message\":\"malformed event\"}");
        using var batch = TestBatches.Build("shardId-000000000001", ("900", "/vpc/custom", EventEncoding.Json, ["{\"id\":1}", "{\"id\":2}"]));

        await sink.SendAsync(batch, CancellationToken.None);

        Assert.Single(_harness.Server.Requests);
        var letters = _harness.ReadDeadLetters();
        Assert.Equal(2, letters.Count);
        Assert.All(letters, letter =>
        {
            Assert.Equal("sink_refused", letter.GetProperty("reason").GetString());
            Assert.Equal(400, letter.GetProperty("http_status").GetInt32());
            Assert.Equal("{\"message\":\"malformed event\"}", letter.GetProperty("http_response").GetString());
            Assert.Equal("900", letter.GetProperty("sequence_number").GetString());
            Assert.Equal("shardId-000000000001", letter.GetProperty("shard_id").GetString());
            Assert.Equal(sink.Name, letter.GetProperty("sink").GetString());
            Assert.Equal(sink.OutputFormat, letter.GetProperty("format").GetString());
            Assert.Equal("json", letter.GetProperty("encoding").GetString());
        });
        Assert.Equal(["{\"id\":1}", "{\"id\":2}"], letters.Select(letter => Encoding.UTF8.GetString(letter.GetProperty("data_base64").GetBytesFromBase64())));
    }

    [Fact]
    public async Task The_intake_key_is_not_part_of_the_sink_name()
    {
        var sink = _harness.Sekoia();
        await Task.CompletedTask;

        Assert.Equal($"sekoia:{_harness.Server.BaseAddress}", sink.Name);
        Assert.DoesNotContain(HttpSinkHarness.IntakeKey, sink.Name, StringComparison.Ordinal);
    }
}
