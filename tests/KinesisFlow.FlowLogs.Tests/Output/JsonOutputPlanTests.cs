using KinesisFlow.FlowLogs.Output;
using KinesisFlow.FlowLogs.Tests.Support;

namespace KinesisFlow.FlowLogs.Tests.Output;

/// <summary>
/// The json writer's plain path copies prefixes and short values with fixed 32-byte moves. Every field, every
/// value length around that size, values at the very end of a line, "-" and leading zeros must still come out as
/// the escaping writer writes them.
/// </summary>
public sealed class JsonOutputPlanTests
{
    private static readonly FlowLogFormat AllFields = FlowLogFormat.Parse(string.Join(' ', FlowFields.All.Select(f => f.AwsName)));

    [Fact]
    public void Every_field_has_a_slot_with_its_prefix_and_kind()
    {
        var plan = new FlowOutputPlan(AllFields);
        Assert.True(plan.SlotSize >= FlowOutputPlan.Overcopy);
        for (var i = 0; i < AllFields.Count; i++)
        {
            var info = AllFields.InfoAt(i);
            var key = info.JsonPropertyUtf8;
            Assert.Equal("," + System.Text.Encoding.UTF8.GetString(key) + (info.IsNumeric ? "" : "\""), System.Text.Encoding.UTF8.GetString(plan.PrefixAt(i)));
            Assert.Equal(info.IsNumeric, plan.IsNumericAt(i));
        }
    }

    [Fact]
    public void A_name_too_long_for_a_slot_is_written_by_the_escaping_path()
    {
        var format = FlowLogFormat.Parse("version custom-" + new string('n', 300) + " srcport");
        Assert.Equal(0, new FlowOutputPlan(format).SlotSize);
        var lines = new List<string> { "2 value 443", "2 - -" };
        var checker = new BothJsonWriters();
        using var decoder = new FlowRecordDecoder(format);
        decoder.Decode(Records.Data(lines), checker, null, new KinesisRecordContext("shardId-000000000001", "1"));
        Assert.Equal(lines.Count, checker.Compared);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(33)]
    [InlineData(70)]
    public void The_plain_path_writes_what_the_escaping_writer_writes(int stringLength)
    {
        var lines = new List<string>();
        for (var variant = 0; variant < 4; variant++)
        {
            var values = FlowFields.All.Select((f, i) => (f.IsNumeric, (i + variant) % 4) switch
            {
                (_, 0) => "-",
                (true, 1) => "000",
                (true, 2) => "0042",
                (true, _) => "1234567890",
                (false, _) => new string((char)('a' + (i % 26)), stringLength + (i % 3)),
            });
            lines.Add(string.Join(' ', values));
        }

        var checker = new BothJsonWriters();
        using var decoder = new FlowRecordDecoder(AllFields);
        decoder.Decode(Records.Data(lines), checker, null, new KinesisRecordContext("shardId-000000000001", "49590338271490256608559692538361571095921575989136588802"));
        Assert.Equal(lines.Count, checker.Compared);
    }

    // The plain path tests a lone "-" and a leading zero with one integer expression each, and copies prefixes with
    // one vector move when the slots are 32 bytes (v5) or with the loop when they are longer (all fields: the ECS
    // names): every short value that comes near those tests, at every position of both, fixed seed.
    [Theory]
    [InlineData("v5")]
    [InlineData("all")]
    public void Short_values_near_the_dash_and_zero_tests_come_out_as_the_escaping_writer_writes_them(string formatName)
    {
        var format = formatName == "v5" ? FlowLogFormat.DefaultV2WithV5Fields : AllFields;
        Assert.Equal(formatName == "v5", new FlowOutputPlan(format).SlotSize == FlowOutputPlan.Overcopy);
        string[] numbers = ["-", "0", "00", "01", "007", "1", "10", "9"];
        string[] strings = ["-", "0", "00", "-0", "0-", "--", "x", ","];
        var random = new Random(16);
        var lines = new List<string>();
        for (var line = 0; line < 400; line++)
        {
            var values = new string[format.Count];
            for (var i = 0; i < values.Length; i++)
            {
                var pool = format.InfoAt(i).IsNumeric ? numbers : strings;
                values[i] = pool[random.Next(pool.Length)];
            }

            lines.Add(string.Join(' ', values));
        }

        var checker = new BothJsonWriters();
        using var decoder = new FlowRecordDecoder(format);
        decoder.Decode(Records.Data(lines), checker, null, new KinesisRecordContext("shardId-000000000001", "1"));
        Assert.Equal(lines.Count, checker.Compared);
    }

    [Fact]
    public void Names_and_values_longer_than_the_vector_moves_are_copied_whole()
    {
        // An unknown field whose name is longer than 64 bytes, beside values of 1 to 100 bytes.
        var longName = "custom-" + new string('n', 70);
        var format = FlowLogFormat.Parse("version " + longName + " srcport account-id");
        var lines = Enumerable.Range(1, 100).Select(length => $"{length} {new string('v', length)} 0{length} {new string('7', 101 - length)}").ToList();
        var checker = new BothJsonWriters();
        using var decoder = new FlowRecordDecoder(format);
        decoder.Decode(Records.Data(lines), checker, null, new KinesisRecordContext(new string('s', 70), null));
        Assert.Equal(lines.Count, checker.Compared);
    }
}
