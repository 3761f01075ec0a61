using KinesisFlow.TestKit;
using Microsoft.Extensions.Time.Testing;

namespace KinesisFlow.Sinks.Tests;

public sealed class FileSinkTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 19, 30, 0, TimeSpan.Zero));

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task An_acknowledged_batch_is_already_in_the_file()
    {
        var path = _directory.File("flows.ndjson");
        await using var sink = new FileSink(path, "json", new FileRotationOptions(), _time);
        using var batch = TestBatches.Json("s", "1", "{\"id\":1}", "{\"id\":2}");

        await sink.SendAsync(batch, CancellationToken.None);

        // Read through another handle while the sink still holds the file open: the flush happened before the ack.
        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        Assert.Equal("{\"id\":1}\n{\"id\":2}\n", await reader.ReadToEndAsync());
        Assert.Equal("file:" + path, sink.Name);
        Assert.Equal("json", sink.OutputFormat);
    }

    [Fact]
    public async Task Concurrent_batches_from_many_shards_all_land_whole()
    {
        var path = _directory.File("flows.ndjson");
        await using (var sink = new FileSink(path, "json", new FileRotationOptions(), _time))
        {
            var sends = Enumerable.Range(0, 200).Select(async n =>
            {
                using var batch = TestBatches.Json($"shard-{n % 8}", n.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{{\"n\":{n},\"i\":0}}", $"{{\"n\":{n},\"i\":1}}");
                await sink.SendAsync(batch, CancellationToken.None);
            });
            await Task.WhenAll(sends);
        }

        var lines = await File.ReadAllLinesAsync(path);
        Assert.Equal(400, lines.Length);
        Assert.Equal(200, lines.Distinct(StringComparer.Ordinal).Count(line => line.EndsWith("\"i\":0}", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Size_rotation_renames_the_full_file_and_never_splits_a_batch()
    {
        var path = _directory.File("flows.ndjson");
        var rotation = new FileRotationOptions { MaxFileBytes = 100 };
        await using (var sink = new FileSink(path, "json", rotation, _time))
        {
            for (var i = 0; i < 3; i++)
            {
                using var batch = TestBatches.Json("s", $"{i}", TestBatches.JsonOfLength($"{i}a", 39), TestBatches.JsonOfLength($"{i}b", 39));
                await sink.SendAsync(batch, CancellationToken.None);
                _time.Advance(TimeSpan.FromSeconds(1));
            }
        }

        Assert.Equal(["flows-20261126T193000Z.ndjson", "flows-20261126T193001Z.ndjson", "flows.ndjson"], FileNames(_directory));
        foreach (var file in FileNames(_directory))
        {
            var lines = await File.ReadAllLinesAsync(_directory.File(file));
            Assert.Equal(2, lines.Length);
            Assert.Equal(lines[0][..9], lines[1][..9].Replace("b", "a", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Time_rotation_starts_a_new_file_once_the_interval_has_passed()
    {
        var path = _directory.File("flows.ndjson");
        var rotation = new FileRotationOptions { MaxFileBytes = 0, RotateEvery = TimeSpan.FromHours(1) };
        await using (var sink = new FileSink(path, "json", rotation, _time))
        {
            await SendOne(sink, "1");
            _time.Advance(TimeSpan.FromMinutes(59));
            await SendOne(sink, "2");
            _time.Advance(TimeSpan.FromMinutes(1));
            await SendOne(sink, "3");
        }

        Assert.Equal(["flows-20261126T193000Z.ndjson", "flows.ndjson"], FileNames(_directory));
        Assert.Equal(2, (await File.ReadAllLinesAsync(_directory.File("flows-20261126T193000Z.ndjson"))).Length);
        Assert.Single(await File.ReadAllLinesAsync(path));
    }

    [Fact]
    public async Task Retention_keeps_only_the_newest_rotated_files()
    {
        var path = _directory.File("flows.ndjson");
        var rotation = new FileRotationOptions { MaxFileBytes = 10, MaxRetainedFiles = 2 };
        await using (var sink = new FileSink(path, "json", rotation, _time))
        {
            for (var i = 0; i < 5; i++)
            {
                await SendOne(sink, $"{i}");
                _time.Advance(TimeSpan.FromMinutes(1));
            }
        }

        Assert.Equal(["flows-20261126T193200Z.ndjson", "flows-20261126T193300Z.ndjson", "flows.ndjson"], FileNames(_directory));
        Assert.Contains("\"4\"", await File.ReadAllTextAsync(path), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_restart_appends_instead_of_overwriting()
    {
        var path = _directory.File("flows.ndjson");
        for (var run = 0; run < 2; run++)
        {
            await using var sink = new FileSink(path, "json", new FileRotationOptions(), _time);
            await SendOne(sink, $"{run}");
        }

        Assert.Equal(2, (await File.ReadAllLinesAsync(path)).Length);
    }

    [Fact]
    public async Task Stdout_sink_writes_the_payload_and_flushes_before_acknowledging()
    {
        using var output = new FlushCountingStream();
        await using var sink = new StdoutSink(output, "raw");
        using var batch = TestBatches.Build("s", ("1", "/g", EventEncoding.Text, ["2 a b", "2 c d"]));

        await sink.SendAsync(batch, CancellationToken.None);

        Assert.Equal("2 a b\n2 c d\n", System.Text.Encoding.UTF8.GetString(output.ToArray()));
        Assert.True(output.Flushes >= 1);
    }

    private static string[] FileNames(TempDirectory directory) =>
        [.. Directory.GetFiles(directory.Path).Select(path => Path.GetFileName(path)).Order(StringComparer.Ordinal)];

    private static async Task SendOne(FileSink sink, string id)
    {
        using var batch = TestBatches.Json("s", id, $"{{\"id\":\"{id}\"}}");
        await sink.SendAsync(batch, CancellationToken.None);
    }

    private sealed class FlushCountingStream : MemoryStream
    {
        public int Flushes { get; private set; }

        public override void Flush()
        {
            Flushes++;
            base.Flush();
        }
    }
}
