using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace KinesisFlow.Sinks.Tests;

public sealed class DeadLetterFileSinkTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Each_dead_letter_is_one_json_line_with_its_context_and_original_bytes()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 20, 0, 0, TimeSpan.Zero));
        var path = _directory.File("dead.ndjson");
        await using (var sink = new DeadLetterFileSink(path, new FileRotationOptions(), time))
        {
            await sink.WriteAsync(
                [
                    new DeadLetter("refused with HTTP 400")
                    {
                        Sink = "http:https://example.com/in",
                        ShardId = "shardId-000000000002",
                        SequenceNumber = "49590338271490256608559692538361571095921575989136588898",
                        LogGroup = "/vpc/prod",
                        EventId = "31953106606966983378809025079804211143289615424298221568",
                        HttpStatus = 400,
                        HttpResponse = "{\"error\":\"bad\"}",
                        Data = Encoding.UTF8.GetBytes("2 123 eni-1"),
                    },
                    new DeadLetter("not gzip") { Position = 3, Data = new byte[] { 0, 1, 2 } },
                ],
                CancellationToken.None);
        }

        var lines = await File.ReadAllLinesAsync(path);
        Assert.Equal(2, lines.Length);
        using var first = JsonDocument.Parse(lines[0]);
        var root = first.RootElement;
        Assert.Equal("2026-11-26T20:00:00+00:00", root.GetProperty("time").GetString());
        Assert.Equal("refused with HTTP 400", root.GetProperty("reason").GetString());
        Assert.Equal("/vpc/prod", root.GetProperty("log_group").GetString());
        Assert.Equal("shardId-000000000002", root.GetProperty("shard_id").GetString());
        Assert.Equal(400, root.GetProperty("http_status").GetInt32());
        Assert.Equal("{\"error\":\"bad\"}", root.GetProperty("http_response").GetString());
        Assert.Equal("2 123 eni-1", Encoding.UTF8.GetString(root.GetProperty("data_base64").GetBytesFromBase64()));
        using var second = JsonDocument.Parse(lines[1]);
        Assert.Equal(3, second.RootElement.GetProperty("position").GetInt32());
        Assert.False(second.RootElement.TryGetProperty("log_group", out _));
        Assert.Equal(new byte[] { 0, 1, 2 }, second.RootElement.GetProperty("data_base64").GetBytesFromBase64());
    }
}
