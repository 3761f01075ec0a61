using KinesisFlow.TestKit;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace KinesisFlow.Sinks.Tests;

public sealed class DeadLetterFileSinkTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 20, 0, 0, TimeSpan.Zero));

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Each_rejected_event_is_one_json_line_with_its_context_and_original_bytes()
    {
        var path = _directory.File("dead.ndjson");
        await using (var sink = new DeadLetterFileSink(path, new FileRotationOptions(), _time))
        {
            await sink.WriteAsync(
                [
                    new RejectedEvent(RejectionReasons.Refused, "refused with HTTP 400")
                    {
                        Sink = "http:https://example.com/in",
                        ShardId = "shardId-000000000002",
                        SequenceNumber = "49590338271490256608559692538361571095921575989136588898",
                        LogGroup = "/vpc/prod",
                        HttpStatus = 400,
                        HttpResponse = "{\"error\":\"bad\"}",
                        Format = OutputFormats.Ecs,
                        Encoding = EventEncoding.Json,
                        Data = Encoding.UTF8.GetBytes("{\"version\":2}"),
                    },
                    new RejectedEvent(RejectionReasons.TooLarge, "too large") { Data = new byte[] { 0, 1, 2 } },
                ],
                CancellationToken.None);
        }

        var lines = await File.ReadAllLinesAsync(path);
        Assert.Equal(2, lines.Length);
        using var first = JsonDocument.Parse(lines[0]);
        var root = first.RootElement;
        Assert.Equal("sink_refused", root.GetProperty("reason").GetString());
        Assert.Equal("refused with HTTP 400", root.GetProperty("message").GetString());
        Assert.Equal("2026-11-26T20:00:00+00:00", root.GetProperty("time").GetString());
        Assert.Equal("http:https://example.com/in", root.GetProperty("sink").GetString());
        Assert.Equal("/vpc/prod", root.GetProperty("log_group").GetString());
        Assert.Equal("shardId-000000000002", root.GetProperty("shard_id").GetString());
        Assert.Equal("49590338271490256608559692538361571095921575989136588898", root.GetProperty("sequence_number").GetString());
        Assert.Equal(400, root.GetProperty("http_status").GetInt32());
        Assert.Equal("{\"error\":\"bad\"}", root.GetProperty("http_response").GetString());
        Assert.Equal("ecs", root.GetProperty("format").GetString());
        Assert.Equal("json", root.GetProperty("encoding").GetString());
        Assert.Equal("{\"version\":2}", Encoding.UTF8.GetString(root.GetProperty("data_base64").GetBytesFromBase64()));
        using var second = JsonDocument.Parse(lines[1]);
        Assert.Equal("event_too_large", second.RootElement.GetProperty("reason").GetString());
        Assert.False(second.RootElement.TryGetProperty("log_group", out _));
        Assert.False(second.RootElement.TryGetProperty("format", out _));
        Assert.Equal(new byte[] { 0, 1, 2 }, second.RootElement.GetProperty("data_base64").GetBytesFromBase64());
    }

    [Fact]
    public async Task Lines_serialized_by_the_decoder_are_appended_as_they_are()
    {
        var path = _directory.File("dead.ndjson");
        await using (var sink = new DeadLetterFileSink(path, new FileRotationOptions(), _time))
        {
            await sink.WriteLinesAsync("{\"reason\":\"not_gzip\"}\n{\"reason\":\"bad_number\"}\n"u8.ToArray(), CancellationToken.None);
            await sink.WriteAsync([new RejectedEvent(RejectionReasons.TooLarge, "x")], CancellationToken.None);
        }

        var lines = await File.ReadAllLinesAsync(path);
        Assert.Equal(["{\"reason\":\"not_gzip\"}", "{\"reason\":\"bad_number\"}"], lines[..2]);
        Assert.StartsWith("{\"reason\":\"event_too_large\"", lines[2], StringComparison.Ordinal);
    }
}
