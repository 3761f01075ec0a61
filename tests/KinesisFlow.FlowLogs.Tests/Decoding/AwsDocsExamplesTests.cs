using System.Text.Json;
using KinesisFlow.FlowLogs.Tests.Support;

namespace KinesisFlow.FlowLogs.Tests.Decoding;

/// <summary>Every record example of the AWS VPC user guide, in its own format, checked against the plain reading of the line.</summary>
public sealed class AwsDocsExamplesTests
{
    public static TheoryData<string, string, string> Examples()
    {
        var data = new TheoryData<string, string, string>();
        using var docs = TestFiles.Json("aws-docs-flowlog-examples.json");
        foreach (var example in docs.RootElement.GetProperty("examples").EnumerateArray())
        {
            var format = example.GetProperty("format").GetString()!;
            foreach (var record in example.GetProperty("records").EnumerateArray())
            {
                var line = record.GetString()!;
                if (line == format)
                {
                    continue; // the S3 header line: covered by Header_lines_are_dead_lettered
                }

                // Documentation annotations ("#Traffic from ...") are not part of the record.
                var comment = line.IndexOf(" #", StringComparison.Ordinal);
                data.Add(example.GetProperty("section").GetString()!, format, comment < 0 ? line : line[..comment]);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Documented_record_decodes_to_its_fields(string section, string format, string line)
    {
        var flowFormat = FlowLogFormat.Parse(format);
        var collector = Records.Decode(flowFormat, Records.Data(line));
        Assert.True(collector.DeadLetters.Count == 0, $"{section}: {collector.DeadLetters.FirstOrDefault()?.Message}");
        var json = Assert.Single(collector.Outputs);
        Assert.Equal(FlowLineOracle.Expected(line, flowFormat), FlowLineOracle.Actual(json));
        Assert.Equal(line, Assert.Single(collector.Lines));
    }

    [Fact]
    public void Annotated_records_are_dead_lettered_as_wrong_field_count()
    {
        var format = FlowLogFormat.Parse("instance-id interface-id srcaddr dstaddr pkt-srcaddr pkt-dstaddr");
        var collector = Records.Decode(format, Records.Data("i-01234567890123456 eni-1111aaaa2222bbbb3 10.0.1.5 203.0.113.5 10.0.1.5 203.0.113.5 #Traffic from the source instance to host on the internet"));
        var letter = Assert.Single(collector.DeadLetters);
        Assert.Equal(DeadLetterReason.WrongFieldCount, letter.Reason);
        Assert.Equal("line has 16 fields, format expects 6", letter.Message);
    }

    [Fact]
    public void Header_lines_are_dead_lettered_as_bad_number()
    {
        const string header = "flow-direction traffic-path srcaddr dstaddr srcport dstport encryption-status";
        var collector = Records.Decode(FlowLogFormat.Parse(header), Records.Data(header, "ingress - 10.0.133.8 10.0.128.55 43236 80 1"));
        var letter = Assert.Single(collector.DeadLetters);
        Assert.Equal(DeadLetterReason.BadNumber, letter.Reason);
        Assert.Equal(2, letter.FieldPosition);
        Assert.Single(collector.Outputs);
    }

    [Fact]
    public void The_double_space_record_reads_like_its_single_space_twin()
    {
        var format = FlowLogFormat.Parse("version vpc-id subnet-id instance-id interface-id account-id type srcaddr dstaddr srcport dstport pkt-srcaddr pkt-dstaddr protocol bytes packets start end action tcp-flags log-status");
        const string doubled = "3 vpc-abcdefab012345678 subnet-aaaaaaaa012345678 i-01234567890123456 eni-1235b8ca123456789 123456789010 IPv4 10.0.0.62 52.213.180.42 5001 43638  10.0.0.62 52.213.180.42 6 967 14 1566933133 1566933193 ACCEPT 19 OK";
        var a = Records.Decode(format, Records.Data(doubled)).Outputs;
        var b = Records.Decode(format, Records.Data(doubled.Replace("  ", " ", StringComparison.Ordinal))).Outputs;
        Assert.Equal(b, a);
        using var json = JsonDocument.Parse(a[0]);
        Assert.Equal(43638, json.RootElement.GetProperty("dstport").GetInt32());
        Assert.Equal("10.0.0.62", json.RootElement.GetProperty("pkt_srcaddr").GetString());
    }
}
