using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using KinesisFlow.TestKit;

namespace KinesisFlow.Cli.Tests;

/// <summary>
/// <c>run --json-logs</c> as a process against kinesis-mock and dynalite: every stderr line is one JSON object with an
/// ISO-8601 UTC timestamp and no trailing space, and the fields of each message (worker id, stream, shard id, lease,
/// sink) are top-level JSON fields an operator's log pipeline can filter on; the periodic summary (every second here)
/// is one of them.
/// </summary>
public sealed partial class JsonLogsTests(KinesisMockFixture kinesis, DynaliteFixture dynamo)
    : IClassFixture<KinesisMockFixture>, IClassFixture<DynaliteFixture>, IDisposable
{
    private readonly TempDirectory _temp = new();

    [Fact]
    public async Task Every_line_is_a_json_object_with_the_message_fields_at_the_top_level()
    {
        var stream = await kinesis.Streams.CreateUniqueAsync(2, "jsonlogs");
        var start = KinesisFlowExecutable.StartInfo(
        [
            "run", "--stream", stream, "--lease-table", EmulatorFixture.UniqueName("jsonlogs"), "--worker-id", "json-worker",
            "--endpoint-url", kinesis.Endpoint.ToString(), "--dynamodb-endpoint-url", dynamo.Endpoint.ToString(),
            "--sink", $"file:{_temp.File("events.ndjson")}", "--json-logs",
        ]).WithEmulatorCredentials();
        start.Environment["KINESISFLOW__Observability__SummaryInterval"] = "00:00:01";
        var lines = new ConcurrentQueue<string>();
        var shardsProcessing = new TaskCompletionSource();
        using var process = new Process { StartInfo = start };
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not { } text)
            {
                return;
            }

            lines.Enqueue(text);
            if (lines.Count(l => l.Contains("\"EventId\":301,", StringComparison.Ordinal)) == 2
                && lines.Any(l => l.Contains("\"EventId\":102,", StringComparison.Ordinal) && l.Contains("\"ShardsHeld\":2,", StringComparison.Ordinal)))
            {
                shardsProcessing.TrySetResult();
            }
        };
        process.Start();
        process.BeginErrorReadLine();
        try
        {
            await shardsProcessing.Task.WaitAsync(TimeSpan.FromMinutes(1));
        }
        catch (TimeoutException)
        {
            Assert.Fail("the worker did not process both shards and summarize them:\n" + string.Join('\n', lines));
        }
        finally
        {
            using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            await process.WaitForExitAsync(timeout.Token);
        }

        Assert.Equal(0, process.ExitCode);
        var entries = lines.Select(Parse).ToList();
        Assert.All(lines, line => Assert.False(line.EndsWith(' ') || line.EndsWith('\t'), $"trailing space: {line}"));
        Assert.All(entries, entry =>
        {
            Assert.Matches(IsoUtc(), entry.GetProperty("Timestamp").GetString());
            Assert.False(entry.TryGetProperty("State", out _));
            Assert.False(entry.TryGetProperty("{OriginalFormat}", out _));
            foreach (var name in new[] { "EventId", "LogLevel", "Category", "Message" })
            {
                Assert.True(entry.TryGetProperty(name, out _), $"{name} missing: {entry}");
            }
        });

        var started = Assert.Single(entries, e => e.GetProperty("EventId").GetInt32() == 211);
        Assert.Equal("json-worker", started.GetProperty("WorkerId").GetString());
        Assert.Equal(stream, started.GetProperty("StreamName").GetString());
        Assert.Contains("file:", started.GetProperty("Sinks").GetString(), StringComparison.Ordinal);
        var summary = entries.Last(e => e.GetProperty("EventId").GetInt32() == 102);
        Assert.Equal("json-worker", summary.GetProperty("WorkerId").GetString());
        Assert.Equal(2, summary.GetProperty("ShardsHeld").GetInt32());
        var processing = entries.Where(e => e.GetProperty("EventId").GetInt32() == 301).Select(e => e.GetProperty("ShardId").GetString()).Order();
        Assert.Equal(["shardId-000000000000", "shardId-000000000001"], processing);
        Assert.Contains(entries, e => Field(e, "LeaseKey") == "shardId-000000000000" && Field(e, "WorkerId") == "json-worker");
    }

    public void Dispose() => _temp.Dispose();

    private static JsonElement Parse(string line)
    {
        using var document = JsonDocument.Parse(line);
        Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
        return document.RootElement.Clone();
    }

    private static string? Field(JsonElement entry, string name) => entry.TryGetProperty(name, out var value) ? value.ToString() : null;

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")]
    private static partial Regex IsoUtc();
}
