using System.Text.Json;
using KinesisFlow.TestKit.Http;

namespace KinesisFlow.Sinks.Tests.Http;

public sealed class GenericHttpSinkTests : IAsyncLifetime
{
    private HttpSinkHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await HttpSinkHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Ndjson_bodies_carry_the_configured_headers_and_can_be_gzipped()
    {
        var sink = _harness.Generic("ingest/flows?pipeline=vpc", options =>
        {
            options.Gzip = true;
            options.Headers["Authorization"] = "Bearer s3cr3t";
            options.Headers["X-Api-Key"] = "k-1";
        });
        using var batch = TestBatches.Json("s", "1", "{\"id\":1}", "{\"id\":2}");

        await sink.SendAsync(batch, CancellationToken.None);

        var request = Assert.Single(_harness.Server.Requests);
        Assert.Equal("/ingest/flows?pipeline=vpc", request.PathAndQuery);
        Assert.True(request.Gzipped);
        Assert.Equal("gzip", request.Header("Content-Encoding"));
        Assert.Equal("application/x-ndjson", request.Header("Content-Type"));
        Assert.Equal("Bearer s3cr3t", request.Header("Authorization"));
        Assert.Equal("k-1", request.Header("X-Api-Key"));
        Assert.Equal("{\"id\":1}\n{\"id\":2}\n", request.Text);
        Assert.DoesNotContain("s3cr3t", sink.Name, StringComparison.Ordinal);
        Assert.Equal($"http:{_harness.Server.BaseAddress}ingest/flows", sink.Name);
    }

    [Fact]
    public async Task Array_bodies_are_one_json_array_per_request()
    {
        var sink = _harness.Generic("bulk", options => options.Body = HttpBodyKinds.Array);
        using var batch = TestBatches.Json("s", "1", "{\"id\":1}", "{\"id\":2}", "{\"id\":3}");

        await sink.SendAsync(batch, CancellationToken.None);

        var request = Assert.Single(_harness.Server.Requests);
        Assert.Equal("application/json", request.Header("Content-Type"));
        Assert.False(request.Gzipped);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal([1, 2, 3], body.RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetInt32()));
    }

    [Fact]
    public async Task Events_from_several_batches_share_a_request_until_the_linger_time_runs_out()
    {
        var sink = _harness.Generic("ingest", options => options.Linger = TimeSpan.FromSeconds(5));
        using var first = TestBatches.Json("shard-a", "1", "{\"id\":1}");
        using var second = TestBatches.Json("shard-b", "1", "{\"id\":2}");

        var sends = new[] { sink.SendAsync(first, CancellationToken.None).AsTask(), sink.SendAsync(second, CancellationToken.None).AsTask() };
        await _harness.AdvanceAsync(TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(1));
        Assert.Empty(_harness.Server.Requests);

        await _harness.AdvanceUntilAsync(() => sends.All(send => send.IsCompleted), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), "the lingering request");
        await Task.WhenAll(sends);

        var request = Assert.Single(_harness.Server.Requests);
        Assert.Equal("{\"id\":1}\n{\"id\":2}\n", request.Text);
    }

    [Fact]
    public async Task A_full_request_goes_out_without_waiting_for_the_linger_time()
    {
        var sink = _harness.Generic("ingest", options =>
        {
            options.Linger = TimeSpan.FromHours(1);
            options.MaxEventsPerRequest = 2;
        });
        using var batch = TestBatches.Json("s", "1", "{\"id\":1}", "{\"id\":2}");

        await sink.SendAsync(batch, CancellationToken.None);

        Assert.Equal("{\"id\":1}\n{\"id\":2}\n", Assert.Single(_harness.Server.Requests).Text);
    }

    [Fact]
    public async Task Refusals_other_than_408_and_429_are_not_retried()
    {
        _harness.Server.Respond = _ => new Reply(422, "unprocessable");
        var sink = _harness.Generic("ingest");
        using var batch = TestBatches.Json("s", "5", "{\"id\":1}");

        await sink.SendAsync(batch, CancellationToken.None);

        Assert.Single(_harness.Server.Requests);
        var letter = Assert.Single(_harness.ReadDeadLetters());
        Assert.Equal(422, letter.GetProperty("http_status").GetInt32());
        Assert.Equal("unprocessable", letter.GetProperty("http_response").GetString());
    }
}
