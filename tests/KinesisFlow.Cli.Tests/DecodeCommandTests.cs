using System.Text;
using System.Text.Json;
using KinesisFlow.FlowLogs.Generation;
using KinesisFlow.TestKit;

namespace KinesisFlow.Cli.Tests;

/// <summary><c>kinesisflow decode</c> run as a process, on files and stdin, checking output, summary and exit codes.</summary>
public sealed class DecodeCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new("kinesisflow-decode");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Get_records_output_with_two_log_groups_decodes_every_event_in_order()
    {
        var records = DecodeInputs.Generate(20);
        var input = Write("dump.json", DecodeInputs.GetRecordsJson(records.Select(r => r.Data)));
        var formats = DecodeInputs.FormatsFile(_temp.File("formats.json"));

        var result = await CliProcess.RunAsync("decode", "--formats", formats, input);

        Assert.Equal(0, result.ExitCode);
        var expected = records.SelectMany(r => r.Events.Select(e => (r.LogGroup, e.Id))).ToList();
        var lines = result.OutputLines;
        Assert.Equal(expected.Count, lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            using var json = JsonDocument.Parse(lines[i]);
            var cloudwatch = json.RootElement.GetProperty("cloudwatch");
            Assert.Equal(expected[i].LogGroup, cloudwatch.GetProperty("log_group").GetString());
            Assert.Equal(expected[i].Id, cloudwatch.GetProperty("event_id").GetString());
            Assert.StartsWith("49590338271490256608559692538361571095921575989136", json.RootElement.GetProperty("kinesis").GetProperty("sequence_number").GetString(), StringComparison.Ordinal);
            var hasVpcId = json.RootElement.TryGetProperty("vpc_id", out _);
            Assert.Equal(expected[i].LogGroup == "/vpc/prod-eu", hasVpcId);
        }

        var controls = records.Count(r => r.IsControl);
        Assert.True(controls > 0);
        Assert.Equal($"decode: records=20 control_messages={controls} events={expected.Count} errors=0 (record_errors=0 line_errors=0)", Assert.Single(result.ErrorLines));
    }

    [Fact]
    public async Task Raw_output_writes_the_lines_as_received()
    {
        var records = DecodeInputs.Generate(3, seed: 11);
        var input = Write("dump.json", DecodeInputs.GetRecordsJson(records.Select(r => r.Data)));

        var result = await CliProcess.RunAsync("decode", "--formats", DecodeInputs.FormatsFile(_temp.File("f.json")), "--format", "raw", input);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(records.SelectMany(r => r.Events.Select(e => e.Message)), result.OutputLines);
    }

    [Fact]
    public async Task The_former_output_flag_still_picks_the_format_with_a_deprecation_warning()
    {
        var records = DecodeInputs.Generate(2, seed: 12);
        var input = Write("dump.json", DecodeInputs.GetRecordsJson(records.Select(r => r.Data)));

        var result = await CliProcess.RunAsync("decode", "--output", "raw", input);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(records.SelectMany(r => r.Events.Select(e => e.Message)), result.OutputLines);
        Assert.Equal("decode: warning: --output is deprecated and will be removed in the next release; use --format", result.ErrorLines[0]);
    }

    [Fact]
    public async Task A_raw_gzip_record_file_and_stdin_in_either_shape_are_detected()
    {
        var record = DecodeInputs.Generate(1, 3, new FlowLogGeneratorOptions { MinEventsPerRecord = 4, MaxEventsPerRecord = 4 })[0];
        var rawFile = Write("record.gz", record.Data);

        var fromFile = await CliProcess.RunAsync("decode", "--format", "raw", rawFile);
        var rawOnStdin = await CliProcess.RunAsync(record.Data, "decode", "--format", "raw", "-");
        var jsonOnStdin = await CliProcess.RunAsync(DecodeInputs.GetRecordsJson([record.Data]), "decode", "--format", "raw", "-");

        var expected = record.Events.Select(e => e.Message).ToArray();
        Assert.All(new[] { fromFile, rawOnStdin, jsonOnStdin }, r => Assert.Equal(0, r.ExitCode));
        Assert.Equal(expected, fromFile.OutputLines);
        Assert.Equal(expected, rawOnStdin.OutputLines);
        Assert.Equal(expected, jsonOnStdin.OutputLines);
    }

    [Fact]
    public async Task Several_inputs_and_concatenated_get_records_documents_are_read_in_order()
    {
        var records = DecodeInputs.Generate(6, 5, new FlowLogGeneratorOptions { MinEventsPerRecord = 2, MaxEventsPerRecord = 3 });
        var first = Write("a.json", [.. DecodeInputs.GetRecordsJson(records.Take(2).Select(r => r.Data)), .. "\n"u8, .. DecodeInputs.GetRecordsJson(records.Skip(2).Take(2).Select(r => r.Data))]);
        var second = Write("b.gz", records[4].Data);
        var third = Write("c.json", DecodeInputs.GetRecordsJson([records[5].Data]));

        var result = await CliProcess.RunAsync("decode", "--format", "raw", first, second, third);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(records.SelectMany(r => r.Events.Select(e => e.Message)), result.OutputLines);
    }

    [Fact]
    public async Task Bad_records_and_lines_go_to_the_dead_letter_file_and_exit_code_1()
    {
        const string good = "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK";
        const string bad = "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 http 22 6 20 4249 1418530010 1418530070 ACCEPT OK";
        var withBadLine = CloudWatchLogsEnvelope.Gzip(CloudWatchLogsEnvelope.DataMessageJson("123456789010", "/vpc/a", "s", [new("e1", 1, good), new("e2", 2, bad)]));
        byte[] notGzip = [.. "not gzip at all"u8];
        var input = Write("dump.json", DecodeInputs.GetRecordsJson([withBadLine, notGzip]));
        var deadLetterPath = _temp.File("dead.ndjson");

        var result = await CliProcess.RunAsync("decode", "--dead-letter", deadLetterPath, input);

        Assert.Equal(1, result.ExitCode);
        Assert.Single(result.OutputLines);
        var letters = File.ReadAllLines(deadLetterPath).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(2, letters.Length);
        Assert.Equal("bad_number", letters[0].GetProperty("reason").GetString());
        Assert.Equal("/vpc/a", letters[0].GetProperty("log_group").GetString());
        Assert.Equal("e2", letters[0].GetProperty("event_id").GetString());
        Assert.Equal("123456789010", letters[0].GetProperty("owner").GetString());
        Assert.Equal(2, letters[0].GetProperty("timestamp").GetInt64());
        Assert.Equal(6, letters[0].GetProperty("field_position").GetInt32());
        Assert.Equal(bad, Encoding.UTF8.GetString(letters[0].GetProperty("data_base64").GetBytesFromBase64()));
        Assert.Equal("not_gzip", letters[1].GetProperty("reason").GetString());
        Assert.Equal(1, letters[1].GetProperty("record_index").GetInt32());
        Assert.Equal(notGzip, letters[1].GetProperty("data_base64").GetBytesFromBase64());
        Assert.Equal(input, letters[1].GetProperty("source").GetString());
        Assert.StartsWith("decode: records=2 control_messages=0 events=1 errors=2 (record_errors=1 line_errors=1)", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_dead_letter_file_errors_are_noted_on_stderr_one_line_each()
    {
        var input = Write("dump.json", DecodeInputs.GetRecordsJson([[1, 2, 3]]));

        var result = await CliProcess.RunAsync("decode", input);

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.OutputLines);
        Assert.Equal(2, result.ErrorLines.Length);
        Assert.Contains("not_gzip", result.ErrorLines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_base64_data_is_a_dead_letter_not_a_crash()
    {
        var input = Write("dump.json", """{"Records":[{"Data":"@@not base64@@","SequenceNumber":"1"}]}"""u8.ToArray());

        var result = await CliProcess.RunAsync("decode", input);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("not_base64", result.StandardError, StringComparison.Ordinal);
    }

    public static TheoryData<string[], string> UsageErrors() => new()
    {
        { ["decode"], "no INPUT" },
        { ["decode", "--bogus", "x"], "'--bogus'" },
        { ["decode", "--log-format", "${version} ${vpc-id", "x"], "'${vpc-id'" },
        { ["decode", "--log-format", "version", "--formats", "f.json", "x"], "cannot be used together" },
        { ["decode", "--format", "xml", "x"], "unknown --format 'xml'; expected one of: json, raw, ecs, ocsf, sekoia" },
        { ["decode", "--format"], "--format needs a value" },
        { ["decode", "--format", "raw", "--output", "raw", "x"], "give --format only" },
        { ["decode", "missing-file.json"], "cannot read input 'missing-file.json'" },
        { ["decode", "--formats", "missing-formats.json", "x"], "cannot read 'missing-formats.json'" },
    };

    [Theory]
    [MemberData(nameof(UsageErrors))]
    public async Task Usage_errors_exit_2_with_one_line_and_no_stack_trace(string[] arguments, string expected)
    {
        var result = await CliProcess.RunAsync(arguments);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.Empty(result.StandardOutput);
    }

    [Fact]
    public async Task A_formats_file_that_is_not_an_object_of_strings_and_json_of_another_shape_are_usage_errors()
    {
        var formats = Write("formats.json", """{"/vpc/*": 2}"""u8.ToArray());
        var otherJson = Write("other.json", """{"Items":[]}"""u8.ToArray());

        var badFormats = await CliProcess.RunAsync("decode", "--formats", formats, otherJson);
        var badShape = await CliProcess.RunAsync("decode", otherJson);

        Assert.Equal(2, badFormats.ExitCode);
        Assert.Contains("'/vpc/*' must be a JSON string", Assert.Single(badFormats.ErrorLines), StringComparison.Ordinal);
        Assert.Equal(2, badShape.ExitCode);
        Assert.Contains("not `aws kinesis get-records` output", Assert.Single(badShape.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_log_group_whose_format_cannot_be_parsed_is_dead_lettered_while_the_others_decode()
    {
        // The custom log group's format is broken (an unbalanced ${); the default one still decodes.
        var records = DecodeInputs.Generate(12);
        var input = Write("dump.json", DecodeInputs.GetRecordsJson(records.Select(r => r.Data)));
        var formats = Write("formats.json", """{"/vpc/prod-*": "${version} ${vpc-id"}"""u8.ToArray());
        var deadLetters = _temp.File("dead.ndjson");

        var result = await CliProcess.RunAsync("decode", "--formats", formats, "--dead-letter", deadLetters, input);

        Assert.Equal(1, result.ExitCode);
        var broken = records.Where(r => r.LogGroup == "/vpc/prod-eu" && !r.IsControl).ToList();
        var decoded = records.Where(r => r.LogGroup == "/vpc/default" && !r.IsControl).SelectMany(r => r.Events).ToList();
        Assert.NotEmpty(broken);
        Assert.NotEmpty(decoded);
        Assert.Equal(decoded.Count, result.OutputLines.Length);
        var letters = File.ReadAllLines(deadLetters).Select(l => JsonDocument.Parse(l)).ToList();
        Assert.Equal(broken.Count, letters.Count);
        Assert.All(letters, letter =>
        {
            Assert.Equal("unusable_format", letter.RootElement.GetProperty("reason").GetString());
            Assert.Contains("'/vpc/prod-*'", letter.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
        });
        Assert.Contains(result.ErrorLines, line => line.StartsWith("decode: warning: Format for log group '/vpc/prod-*'", StringComparison.Ordinal));
        letters.ForEach(l => l.Dispose());
    }

    [Fact]
    public async Task A_field_this_version_does_not_know_decodes_as_a_string_with_one_warning()
    {
        var line = "2 123456789010 eni-1 10.0.0.1 10.0.0.2 443 51000 6 10 840 1700000000 1700000060 ACCEPT OK nh-7";
        var record = FlowLogs.Generation.CloudWatchLogsEnvelope.Gzip(FlowLogs.Generation.CloudWatchLogsEnvelope.DataMessageJson(
            "123456789010", "/vpc/x", "eni-1-all", [new("1", 1000, line), new("2", 1001, line)]));
        var input = Write("dump.json", DecodeInputs.GetRecordsJson([record]));

        var result = await CliProcess.RunAsync("decode", "--log-format", FlowLogs.FlowLogFormat.DefaultV2.Text + " ${next_hop}", input);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(2, result.OutputLines.Length);
        using var json = JsonDocument.Parse(result.OutputLines[0]);
        Assert.Equal("nh-7", json.RootElement.GetProperty("next_hop").GetString());
        Assert.Equal(443, json.RootElement.GetProperty("srcport").GetInt32());
        var warning = Assert.Single(result.ErrorLines, l => l.Contains("warning", StringComparison.Ordinal));
        Assert.Contains("'next_hop'", warning, StringComparison.Ordinal);
    }

    private string Write(string name, byte[] content)
    {
        var path = _temp.File(name);
        File.WriteAllBytes(path, content);
        return path;
    }
}
