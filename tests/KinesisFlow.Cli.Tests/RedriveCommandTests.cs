using System.Diagnostics;
using System.Text;
using System.Text.Json;
using KinesisFlow.FlowLogs;
using KinesisFlow.FlowLogs.Generation;
using KinesisFlow.TestKit;
using KinesisFlow.TestKit.Http;

namespace KinesisFlow.Cli.Tests;

/// <summary>
/// <c>kinesisflow redrive</c> run as a process against a real HTTP collector (Kestrel on 127.0.0.1): dead letters made
/// by the real writers (<c>decode --dead-letter</c>) and in the sink dead-letter shape, the events that reach the
/// collector, the new dead-letter file, the exit code, and resuming after the process was killed mid-way.
/// </summary>
public sealed class RedriveCommandTests : IDisposable
{
    private const string Owner = "123456789010";
    private const string GoodLine = "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK";
    private const string BadLine = "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 http 22 6 20 4249 1418530010 1418530070 ACCEPT OK";

    private readonly TempDirectory _temp = new("kinesisflow-redrive");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_mixed_dead_letter_file_sends_what_can_be_sent_and_keeps_what_fails_again()
    {
        var prod = DecodeInputs.Generate(2, 11, OneLogGroup("/vpc/prod-eu", DecodeInputs.CustomFormat));
        var withBadLine = CloudWatchLogsEnvelope.Gzip(CloudWatchLogsEnvelope.DataMessageJson(Owner, "/vpc/default", "s", [new("e1", 1_418_530_070_000, GoodLine), new("e2", 1_418_530_071_000, BadLine)]));
        var corrupt = prod[1].Data[..(prod[1].Data.Length / 2)];

        // What `run` and `decode` dead-letter: a log group whose configured format was broken (unusable_format), a bad
        // line, a truncated gzip record; and the lines of a log group decoded with the wrong format (wrong_field_count).
        var first = Write("first.json", DecodeInputs.GetRecordsJson([prod[0].Data, withBadLine, corrupt]));
        var second = Write("second.json", DecodeInputs.GetRecordsJson([prod[1].Data], firstSequence: 3));
        var broken = Write("broken.json", "{\"/vpc/prod-*\": \"${version} ${vpc-id\"}"u8.ToArray());
        Assert.Equal(1, (await CliProcess.RunAsync("decode", "--formats", broken, "--dead-letter", _temp.File("d1.ndjson"), first)).ExitCode);
        Assert.Equal(1, (await CliProcess.RunAsync("decode", "--dead-letter", _temp.File("d2.ndjson"), second)).ExitCode);
        var fromDecode = File.ReadAllLines(_temp.File("d1.ndjson")).Concat(File.ReadAllLines(_temp.File("d2.ndjson"))).ToList();
        Assert.Equal(["unusable_format", "bad_number", "corrupt_gzip", .. prod[1].Events.Select(_ => "wrong_field_count")], fromDecode.Select(ReasonOf));

        // A line dead letter as older versions wrote it (no owner, no timestamp) cannot be rebuilt into its event.
        var oldLine = WithoutMembers(fromDecode[3], "owner", "timestamp");
        var refused = SinkLetter("{\"id\":\"refused-1\"}", format: "json");
        var refusedOld = SinkLetter("{\"id\":\"refused-old\"}", format: null);
        var refusedEcs = SinkLetter("{\"id\":\"refused-ecs\"}", format: "ecs");
        var input = WriteLines("dead.ndjson", [.. fromDecode[..3], oldLine, .. fromDecode[4..], refused, refusedOld, refusedEcs]);
        var inputBefore = File.ReadAllBytes(input);
        var fixedFormats = DecodeInputs.FormatsFile(_temp.File("fixed.json"));
        await using var sink = await HttpCollector.StartAsync();

        var result = await CliProcess.RunAsync("redrive", input, "--formats", fixedFormats, "--sink", $"http:{sink.BaseAddress}");

        // The events are exactly those `decode` makes of the same records with the fixed formats, less the one whose
        // dead letter is of the old shape, plus the refused events as they were.
        var decoded = await CliProcess.RunAsync("decode", "--formats", fixedFormats, Write("e1.json", DecodeInputs.GetRecordsJson([prod[0].Data])), second);
        var expected = decoded.OutputLines.Where(e => !e.Contains($"\"event_id\":\"{prod[1].Events[0].Id}\"", StringComparison.Ordinal))
            .Append("{\"id\":\"refused-1\"}").Append("{\"id\":\"refused-old\"}");
        Assert.Equal(expected.Order(StringComparer.Ordinal), sink.Acknowledged.Order(StringComparer.Ordinal));
        Assert.Equal(prod[0].Events.Count + prod[1].Events.Count - 1 + 2, sink.Acknowledged.Count);

        Assert.Equal(1, result.ExitCode);
        var newFile = input + ".redrive-failed.ndjson";
        Assert.Equal(
            $"redrive: dead_letters={fromDecode.Count + 3} events_sent={sink.Acknowledged.Count} failed_again=4 (refused=0 undecodable=2 not_redrivable=2), written to {newFile}",
            result.ErrorLines[^1]);
        var again = File.ReadAllLines(newFile).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(["bad_number", "corrupt_gzip", "wrong_field_count", "sink_refused"], again.Select(l => l.GetProperty("reason").GetString()));
        Assert.Equal(BadLine, Encoding.UTF8.GetString(again[0].GetProperty("data_base64").GetBytesFromBase64()));
        Assert.Equal("e2", again[0].GetProperty("event_id").GetString());
        Assert.Equal(Owner, again[0].GetProperty("owner").GetString());
        Assert.Equal(1_418_530_071_000, again[0].GetProperty("timestamp").GetInt64());
        Assert.False(again[0].TryGetProperty("redrive_failure", out _));
        Assert.Equal(corrupt, again[1].GetProperty("data_base64").GetBytesFromBase64());
        Assert.EndsWith("0002", again[1].GetProperty("sequence_number").GetString(), StringComparison.Ordinal);
        Assert.Contains("without owner, timestamp", again[2].GetProperty("redrive_failure").GetString(), StringComparison.Ordinal);
        Assert.Equal(prod[1].Events[0].Message, Encoding.UTF8.GetString(again[2].GetProperty("data_base64").GetBytesFromBase64()));
        Assert.Contains("'ecs'", again[3].GetProperty("redrive_failure").GetString(), StringComparison.Ordinal);
        Assert.Equal("{\"id\":\"refused-ecs\"}", Encoding.UTF8.GetString(again[3].GetProperty("data_base64").GetBytesFromBase64()));
        Assert.Equal(inputBefore, File.ReadAllBytes(input));
    }

    [Fact]
    public async Task Events_the_collector_refuses_again_go_to_the_new_dead_letter_file_with_the_answer()
    {
        var input = WriteLines("dead.ndjson", [SinkLetter("{\"id\":1}", "json"), SinkLetter("{\"id\":2}", "json"), SinkLetter("{\"id\":3}", "json")]);
        var newFile = _temp.File("still-dead.ndjson");
        await using var sink = await HttpCollector.StartAsync();
        sink.Respond = _ => new Reply(400, "{\"message\":\"refused by the test\"}");

        var result = await CliProcess.RunAsync("redrive", input, "--sink", $"http:{sink.BaseAddress}", "--dead-letter", newFile);

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(sink.Acknowledged);
        Assert.Equal($"redrive: sink=http:{sink.BaseAddress} events_sent=0 refused=3", result.ErrorLines[^2]);
        Assert.Equal($"redrive: dead_letters=3 events_sent=0 failed_again=3 (refused=3 undecodable=0 not_redrivable=0), written to {newFile}", result.ErrorLines[^1]);
        var again = File.ReadAllLines(newFile).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(["{\"id\":1}", "{\"id\":2}", "{\"id\":3}"], again.Select(l => Encoding.UTF8.GetString(l.GetProperty("data_base64").GetBytesFromBase64())));
        Assert.All(again, letter =>
        {
            Assert.Equal("sink_refused", letter.GetProperty("reason").GetString());
            Assert.Equal(400, letter.GetProperty("http_status").GetInt32());
            Assert.Equal("json", letter.GetProperty("format").GetString());
            Assert.Equal("json", letter.GetProperty("encoding").GetString());
            Assert.Equal("shardId-000000000001", letter.GetProperty("shard_id").GetString());
        });
    }

    [Fact]
    public async Task With_two_sinks_the_summary_says_what_each_acknowledged_and_refused_and_counts_each_refused_event_once()
    {
        var input = WriteLines("dead.ndjson", [SinkLetter("{\"id\":1}", "json"), SinkLetter("{\"id\":2}", "json"), SinkLetter("{\"id\":3}", "json")]);
        await using var accepting = await HttpCollector.StartAsync();
        await using var refusing = await HttpCollector.StartAsync();
        refusing.Respond = _ => new Reply(400, "{\"message\":\"refused by the test\"}");

        var result = await CliProcess.RunAsync("redrive", input, "--sink", $"http:{accepting.BaseAddress}", "--sink", $"http:{refusing.BaseAddress}");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["{\"id\":1}", "{\"id\":2}", "{\"id\":3}"], accepting.Acknowledged);
        Assert.Empty(refusing.Acknowledged);
        var newFile = input + ".redrive-failed.ndjson";
        Assert.Equal(
            [
                $"redrive: sink=http:{accepting.BaseAddress} events_sent=3 refused=0",
                $"redrive: sink=http:{refusing.BaseAddress} events_sent=0 refused=3",
                $"redrive: dead_letters=3 events_sent=0 failed_again=3 (refused=3 undecodable=0 not_redrivable=0), written to {newFile}",
            ],
            result.ErrorLines[^3..]);
        var again = File.ReadAllLines(newFile).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(3, again.Length);
        Assert.All(again, letter => Assert.Equal($"http:{refusing.BaseAddress}", letter.GetProperty("sink").GetString()));
    }

    [Fact]
    public async Task An_event_sinks_of_two_formats_both_refuse_counts_once_in_the_totals_and_once_per_sink()
    {
        // 1,500 old-shape refused events (no format: they go to every sink): two batches, 1,000 then 500. Both sinks,
        // one JSON and one ECS, refuse every request that holds an event of the first batch.
        const int Count = 1_500;
        var input = WriteLines("dead.ndjson", [.. Enumerable.Range(0, Count).Select(i => SinkLetter($"{{\"id\":{i}}}", format: null))]);
        await using var json = await HttpCollector.StartAsync();
        await using var ecs = await HttpCollector.StartAsync();
        json.Respond = ecs.Respond = request => request.Events.Any(e => IdOf(e) < 1_000) ? new Reply(400, "no") : null;

        var result = await CliProcess.RunAsync("redrive", input, "--sink", $"http:{json.BaseAddress}", "--sink", $"http+ecs:{ecs.BaseAddress}");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(Enumerable.Range(1_000, 500), json.Acknowledged.Select(IdOf).Order());
        Assert.Equal(Enumerable.Range(1_000, 500), ecs.Acknowledged.Select(IdOf).Order());
        var newFile = input + ".redrive-failed.ndjson";
        Assert.Equal(
            [
                $"redrive: sink=http:{json.BaseAddress} events_sent=500 refused=1000",
                $"redrive: sink=http:{ecs.BaseAddress} events_sent=500 refused=1000",
                $"redrive: dead_letters={Count} events_sent=500 failed_again=1000 (refused=1000 undecodable=0 not_redrivable=0), written to {newFile}",
            ],
            result.ErrorLines[^3..]);

        // The new file keeps each sink's refusal (so a later redrive to one of them finds its own), 2,000 lines.
        var again = File.ReadAllLines(newFile).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(1_000, again.Count(l => l.GetProperty("format").GetString() == "json"));
        Assert.Equal(1_000, again.Count(l => l.GetProperty("format").GetString() == "ecs"));
    }

    [Theory]
    [InlineData("KILL")]
    [InlineData("INT")]
    public async Task A_run_stopped_while_the_collector_stops_acknowledging_resumes_without_sending_anything_twice(string signal)
    {
        // 3,500 refused events of about 1 KB: four batches (one HTTP request each), the third never answered.
        const int Count = 3_500;
        var padding = new string('x', 1_000);
        var input = WriteLines("dead.ndjson", [.. Enumerable.Range(0, Count).Select(i => SinkLetter($"{{\"id\":{i},\"pad\":\"{padding}\"}}", "json"))]);
        await using var sink = await HttpCollector.StartAsync();
        var never = new TaskCompletionSource();
        sink.Respond = request => request.Number <= 2 ? null : new Reply(503, WaitFor: never.Task);
        using (var first = Process.Start(KinesisFlowExecutable.StartInfo(["redrive", input, "--sink", $"http:{sink.BaseAddress}"]))!)
        {
            first.StandardInput.Close();
            var stderr = first.StandardError.ReadToEndAsync();
            await Eventually.WaitUntilAsync(() => sink.RequestCount >= 3 || first.HasExited, TimeSpan.FromMinutes(1), "the third request");
            Assert.False(first.HasExited, first.HasExited ? await stderr : null);
            using (var kill = Process.Start("kill", [$"-{signal}", first.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            await first.WaitForExitAsync();
            var lastLine = (await stderr).TrimEnd().Split('\n')[^1];
            if (signal == "INT")
            {
                // Ctrl-C: the batch in flight is given up, the progress file says where to resume.
                Assert.Equal(130, first.ExitCode);
                Assert.Equal($"redrive: interrupted after 2000 dead letters; run the same command again to resume ({input}.redrive-progress)", lastLine);
            }
        }

        using (var progress = JsonDocument.Parse(File.ReadAllBytes(input + ".redrive-progress")))
        {
            Assert.False(progress.RootElement.GetProperty("complete").GetBoolean());
            Assert.Equal(2_000, progress.RootElement.GetProperty("dead_letters_read").GetInt64());
        }

        Assert.Equal(2_000, sink.Acknowledged.Count);
        sink.Respond = _ => null;

        var second = await CliProcess.RunAsync("redrive", input, "--sink", $"http:{sink.BaseAddress}");

        Assert.Equal(0, second.ExitCode);
        Assert.Equal($"redrive: dead_letters={Count} events_sent={Count} failed_again=0 (refused=0 undecodable=0 not_redrivable=0)", second.ErrorLines[^1]);
        Assert.Equal($"redrive: sink=http:{sink.BaseAddress} events_sent={Count} refused=0", second.ErrorLines[^2]); // both runs' share
        var ids = sink.Acknowledged.Select(e => JsonDocument.Parse(e).RootElement.GetProperty("id").GetInt32()).ToList();
        Assert.Equal(Enumerable.Range(0, Count), ids.Order());
        Assert.Equal(0, new FileInfo(input + ".redrive-failed.ndjson").Length);

        // Done: a third run sends nothing and reports the same totals.
        var third = await CliProcess.RunAsync("redrive", input, "--sink", $"http:{sink.BaseAddress}");
        Assert.Equal(0, third.ExitCode);
        Assert.Equal(Count, sink.Acknowledged.Count);
        Assert.Equal(second.ErrorLines[^2..], third.ErrorLines[^2..]);
    }

    [Fact]
    public async Task Dead_letters_of_megabyte_records_and_events_are_sent_whole()
    {
        // A refused event of 1,000,000 bytes (a 1.33 MB line) and a 10,000-event record of a log group whose format
        // was broken when it was read.
        var large = $"{{\"id\":\"large\",\"pad\":\"{new string('y', 1_000_000 - 23)}\"}}";
        var record = DecodeInputs.Generate(1, 5, OneLogGroup("/vpc/prod-eu", DecodeInputs.CustomFormat, events: 10_000))[0];
        var records = Write("records.json", DecodeInputs.GetRecordsJson([record.Data]));
        var broken = Write("broken.json", "{\"/vpc/prod-*\": \"${version} ${vpc-id\"}"u8.ToArray());
        Assert.Equal(1, (await CliProcess.RunAsync("decode", "--formats", broken, "--dead-letter", _temp.File("d.ndjson"), records)).ExitCode);
        var input = WriteLines("dead.ndjson", [SinkLetter(large, "json"), .. File.ReadAllLines(_temp.File("d.ndjson"))]);
        var fixedFormats = DecodeInputs.FormatsFile(_temp.File("fixed.json"));
        await using var sink = await HttpCollector.StartAsync();

        var result = await CliProcess.RunAsync("redrive", input, "--formats", fixedFormats, "--sink", $"http:{sink.BaseAddress}");

        Assert.Equal(0, result.ExitCode);
        var decoded = await CliProcess.RunAsync("decode", "--formats", fixedFormats, records);
        Assert.Equal(10_000, decoded.OutputLines.Length);
        Assert.Equal(decoded.OutputLines.Append(large).Order(StringComparer.Ordinal), sink.Acknowledged.Order(StringComparer.Ordinal));
        Assert.Equal("redrive: dead_letters=2 events_sent=10001 failed_again=0 (refused=0 undecodable=0 not_redrivable=0)", result.ErrorLines[^1]);
    }

    [Theory]
    [InlineData("dead-letter file 'missing.ndjson'", "redrive", "missing.ndjson", "--sink", "stdout")]
    [InlineData("--sink", "redrive", "{input}", "--sink", "ftp:somewhere")]
    [InlineData("--sink", "redrive", "{input}")]
    [InlineData("--formats", "redrive", "{input}", "--sink", "stdout", "--formats", "{broken}")]
    [InlineData("--log-format", "redrive", "{input}", "--sink", "stdout", "--log-format", "${version} ${vpc-id")]
    [InlineData("--formats", "redrive", "{input}", "--sink", "stdout", "--log-format", "${version}", "--formats", "{broken}")]
    [InlineData("--dead-letter", "redrive", "{input}", "--sink", "stdout", "--dead-letter", "{input}")]
    [InlineData("redrive", "redrive", "--sink", "stdout")]
    public async Task A_usage_error_is_one_line_naming_the_flag_and_exit_code_2(string named, params string[] arguments)
    {
        var input = WriteLines("dead.ndjson", [SinkLetter("{\"id\":1}", "json")]);
        var broken = Write("broken.json", "{ not json"u8.ToArray());

        var result = await CliProcess.RunAsync([.. arguments.Select(a => a.Replace("{input}", input, StringComparison.Ordinal).Replace("{broken}", broken, StringComparison.Ordinal))]);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains("redrive", line.Split(':')[0], StringComparison.Ordinal);
        Assert.Contains(named, line, StringComparison.Ordinal);
        Assert.False(File.Exists(input + ".redrive-progress"));
    }

    private static FlowLogGeneratorOptions OneLogGroup(string name, FlowLogFormat format, int? events = null) => new()
    {
        LogGroups = [new(name, format)],
        MinEventsPerRecord = events ?? 5,
        MaxEventsPerRecord = events ?? 20,
    };

    /// <summary>A sink dead letter as DeadLetterFileSink writes it (without format and encoding, as older versions did).</summary>
    private static string SinkLetter(string data, string? format)
    {
        var formatMembers = format is null ? string.Empty : $"\"format\":\"{format}\",\"encoding\":\"json\",";
        return "{\"reason\":\"sink_refused\",\"message\":\"http:http://collector/ refused the request with HTTP 400\",\"time\":\"2026-12-06T10:00:00+00:00\","
            + "\"sink\":\"http:http://collector/\",\"shard_id\":\"shardId-000000000001\",\"sequence_number\":\"49590338271490256608559692538361571095921575989136580001\","
            + $"\"log_group\":\"/vpc/prod-eu\",\"http_status\":400,\"http_response\":\"bad\",{formatMembers}\"data_base64\":\"{Convert.ToBase64String(Encoding.UTF8.GetBytes(data))}\"}}";
    }

    private static int IdOf(string json) => JsonDocument.Parse(json).RootElement.GetProperty("id").GetInt32();

    private static string ReasonOf(string line) => JsonDocument.Parse(line).RootElement.GetProperty("reason").GetString()!;

    private static string WithoutMembers(string line, params string[] names)
    {
        var members = JsonDocument.Parse(line).RootElement.EnumerateObject().Where(m => !names.Contains(m.Name));
        return "{" + string.Join(',', members.Select(m => $"{JsonSerializer.Serialize(m.Name)}:{m.Value.GetRawText()}")) + "}";
    }

    private string WriteLines(string name, IEnumerable<string> lines)
    {
        var path = _temp.File(name);
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
        return path;
    }

    private string Write(string name, byte[] content)
    {
        var path = _temp.File(name);
        File.WriteAllBytes(path, content);
        return path;
    }
}
