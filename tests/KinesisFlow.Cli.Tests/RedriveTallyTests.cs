using System.Text;
using KinesisFlow.FlowLogs.Output;
using KinesisFlow.Sinks;

namespace KinesisFlow.Cli.Tests;

/// <summary>
/// How <c>redrive</c> counts a batch several sinks refused parts of: per sink what it refused, in all each event once,
/// found by its bytes and number across formats, twins included. Real batches of <see cref="RedriveBatch"/>; the
/// refusals as the HTTP sinks write them.
/// </summary>
public sealed class RedriveTallyTests
{
    private const string Shard = "shardId-000000000001";
    private const string Sequence = "49590338271490256608559692538361571095921575989136580001";
    private static readonly (string Name, string Format)[] JsonAndEcs = [("http:http://json/", "json"), ("http:http://ecs/", "ecs")];

    [Fact]
    public void An_event_refused_by_sinks_of_two_formats_counts_once_and_once_for_each_sink()
    {
        // A JSON-only event first: the JSON part holds one event more than the ECS part, so its indexes differ.
        using var batch = new RedriveBatch(["json", "ecs"], FlowOutputOptions.Default);
        AddAll(batch, "json", "{\"id\":\"json-only\"}");
        AddAll(batch, null, "{\"id\":0}", "{\"id\":1}", "{\"id\":2}");

        var tally = Tally(batch, JsonAndEcs, Refused(JsonAndEcs[0], "{\"id\":0}"), Refused(JsonAndEcs[1], "{\"id\":0}"), Refused(JsonAndEcs[1], "{\"id\":2}"));

        Assert.Equal((2, 2), (tally.EventsSent, tally.Refused));
        Assert.Equal([3L, 1L], tally.SentBySink);
        Assert.Equal([1L, 2L], tally.RefusedBySink);
    }

    [Fact]
    public void Twin_events_of_one_record_refused_by_two_sinks_count_as_two_not_one_or_four()
    {
        using var batch = new RedriveBatch(["json"], FlowOutputOptions.Default);
        AddAll(batch, null, "{\"id\":7}", "{\"id\":7}", "{\"id\":8}");
        (string, string)[] sinks = [("http:http://a/", "json"), ("http:http://b/", "json")];

        var tally = Tally(batch, sinks, Refused(sinks[0], "{\"id\":7}"), Refused(sinks[0], "{\"id\":7}"), Refused(sinks[1], "{\"id\":7}"), Refused(sinks[1], "{\"id\":7}"));

        Assert.Equal((1, 2), (tally.EventsSent, tally.Refused));
        Assert.Equal([1L, 1L], tally.SentBySink);
        Assert.Equal([2L, 2L], tally.RefusedBySink);
    }

    [Fact]
    public void One_url_given_in_two_formats_is_told_apart_by_the_format_of_its_refusals()
    {
        using var batch = new RedriveBatch(["json", "ecs"], FlowOutputOptions.Default);
        AddAll(batch, null, "{\"id\":0}", "{\"id\":1}");
        (string, string)[] sameUrl = [("http:http://one/", "json"), ("http:http://one/", "ecs")];

        var tally = Tally(batch, sameUrl, Refused(sameUrl[1], "{\"id\":1}"));

        Assert.Equal([0L, 1L], tally.RefusedBySink);
        Assert.Equal((1, 1), (tally.EventsSent, tally.Refused));
    }

    [Fact]
    public void A_refusal_of_an_event_the_batch_does_not_hold_still_counts_once_within_the_batch()
    {
        using var batch = new RedriveBatch(["json"], FlowOutputOptions.Default);
        AddAll(batch, null, "{\"id\":0}");
        (string, string)[] sinks = [("http:http://a/", "json")];

        var tally = Tally(batch, sinks, Refused(sinks[0], "{\"id\":0}"), Refused(sinks[0], "{\"id\":99}"));

        Assert.Equal((0, 1), (tally.EventsSent, tally.Refused));
        Assert.Equal([2L], tally.RefusedBySink);
        Assert.Equal([0L], tally.SentBySink);
    }

    /// <summary>Adds refused events in <paramref name="format"/>, or of the old shape (null: they go to every format).</summary>
    private static void AddAll(RedriveBatch batch, string? format, params string[] events)
    {
        var formatMembers = format is null ? string.Empty : $"\"format\":\"{format}\",\"encoding\":\"json\",";
        foreach (var data in events)
        {
            var line = "{\"reason\":\"sink_refused\",\"message\":\"m\",\"sink\":\"http:http://collector/\",\"shard_id\":\"" + Shard + "\",\"sequence_number\":\"" + Sequence
                + "\",\"log_group\":\"/vpc/prod-eu\"," + formatMembers + "\"data_base64\":\"" + Convert.ToBase64String(Encoding.UTF8.GetBytes(data)) + "\"}";
            batch.AddRejected(RedriveLetter.Read(Encoding.UTF8.GetBytes(line)));
        }
    }

    private static RejectedEvent Refused((string Name, string Format) sink, string data) => new(RejectionReasons.Refused, "refused")
    {
        Sink = sink.Name,
        Format = sink.Format,
        ShardId = Shard,
        SequenceNumber = Sequence,
        Data = Encoding.UTF8.GetBytes(data),
    };

    private static RedriveTally Tally(RedriveBatch batch, IReadOnlyList<(string Name, string Format)> sinks, params RejectedEvent[] refusals)
    {
        var events = batch.Events;
        var parts = batch.Build();
        try
        {
            return RedriveTally.Of(sinks, parts, events, refusals);
        }
        finally
        {
            foreach (var part in parts)
            {
                part.Batch.Dispose();
            }
        }
    }
}
