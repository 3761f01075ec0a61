using System.Text.Json;
using System.Text.Json.Serialization;

namespace KinesisFlow.Cli;

/// <summary>
/// How far <c>redrive</c> got through its input, kept beside it in <c>INPUT.redrive-progress</c> and rewritten (to a
/// temporary file, then renamed over it) after each batch the sinks acknowledged: a run after an interruption starts
/// after the last acknowledged batch, with the new dead-letter file cut back to what that batch left in it. A crash
/// between an acknowledgement and this write sends that one batch again (at-least-once), never skips one.
/// </summary>
internal sealed record RedriveProgress
{
    /// <summary>The input's size when the redrive began: a different size means another file, not this run's.</summary>
    [JsonPropertyName("input_bytes")]
    public long InputBytes { get; init; }

    /// <summary>Bytes of the input done with: every dead letter before this offset was sent and acknowledged, or written to the new file.</summary>
    [JsonPropertyName("done_bytes")]
    public long DoneBytes { get; init; }

    [JsonPropertyName("dead_letters_read")]
    public long DeadLettersRead { get; init; }

    [JsonPropertyName("events_sent")]
    public long EventsSent { get; init; }

    [JsonPropertyName("refused")]
    public long Refused { get; init; }

    [JsonPropertyName("undecodable")]
    public long Undecodable { get; init; }

    [JsonPropertyName("not_redrivable")]
    public long NotRedrivable { get; init; }

    /// <summary>Per sink, in the order given: the events it acknowledged and those it refused again.</summary>
    [JsonPropertyName("sinks")]
    public IReadOnlyList<RedriveSinkProgress> Sinks { get; init; } = [];

    /// <summary>The new dead-letter file (full path) and its size at this point.</summary>
    [JsonPropertyName("dead_letter_file")]
    public string DeadLetterFile { get; init; } = string.Empty;

    [JsonPropertyName("dead_letter_bytes")]
    public long DeadLetterBytes { get; init; }

    /// <summary>True once the whole input was done: a later run has nothing left to send.</summary>
    [JsonPropertyName("complete")]
    public bool Complete { get; init; }

    /// <summary>Dead letters that failed again, each once: an event several sinks refused counts once in <see cref="Refused"/>.</summary>
    [JsonIgnore]
    public long FailedAgain => Refused + Undecodable + NotRedrivable;

    /// <summary>
    /// <see cref="Sinks"/> with <paramref name="tally"/> added, one entry per sink of <paramref name="sinks"/> in their
    /// order (found by name; a sink new to this run starts at zero), then those of an earlier run no longer given.
    /// </summary>
    public IReadOnlyList<RedriveSinkProgress> SinksAfter(IReadOnlyList<(string Name, string Format)> sinks, RedriveTally tally)
    {
        var earlier = Sinks.ToList();
        var after = new List<RedriveSinkProgress>(sinks.Count + earlier.Count);
        for (var i = 0; i < sinks.Count; i++)
        {
            var name = sinks[i].Name;
            var index = earlier.FindIndex(saved => saved.Sink == name);
            var saved = index < 0 ? new RedriveSinkProgress(name, 0, 0) : earlier[index];
            if (index >= 0)
            {
                earlier.RemoveAt(index);
            }

            after.Add(saved with { EventsSent = saved.EventsSent + tally.SentBySink[i], Refused = saved.Refused + tally.RefusedBySink[i] });
        }

        after.AddRange(earlier);
        return after;
    }

    /// <summary>The progress file of <paramref name="input"/>.</summary>
    public static string PathOf(string input) => input + ".redrive-progress";

    /// <summary>Reads the progress file; null when there is none. Throws <see cref="Settings.SettingException"/> when it is unreadable.</summary>
    public static RedriveProgress? Load(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(path), RedriveProgressJson.Default.RedriveProgress)
                ?? throw new JsonException("empty");
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new Settings.SettingException($"cannot read the progress file '{path}': {e.Message}; delete it to redrive from the start", e);
        }
    }

    /// <summary>Replaces the progress file in one step, so that a crash leaves the old one or the new one, never half of one.</summary>
    public void Save(string path)
    {
        var temporary = path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(file, this, RedriveProgressJson.Default.RedriveProgress);
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }
}

/// <summary>One sink's share of a <c>redrive</c>: the events it acknowledged and those it refused again.</summary>
internal sealed record RedriveSinkProgress(
    [property: JsonPropertyName("sink")] string Sink,
    [property: JsonPropertyName("events_sent")] long EventsSent,
    [property: JsonPropertyName("refused")] long Refused);

[JsonSerializable(typeof(RedriveProgress))]
internal sealed partial class RedriveProgressJson : JsonSerializerContext;
