using System.Text.Json;

namespace KinesisFlow.Cli;

/// <summary>
/// Writes a <see cref="StatusSnapshot"/> as JSON for scripts: indented for one snapshot, one line per snapshot under
/// <c>--watch</c> (NDJSON). Sequence numbers are strings (they exceed every JSON number type); durations are seconds.
/// </summary>
internal static class StatusJsonWriter
{
    public static void Write(StatusSnapshot snapshot, Stream output, bool indented)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = indented });
        json.WriteStartObject();
        json.WriteString("stream", snapshot.StreamName);
        json.WriteString("leaseTable", snapshot.LeaseTable);
        json.WriteString("takenAt", snapshot.TakenAt.UtcDateTime);
        json.WriteNumber("unownedLeases", snapshot.UnownedLeases);
        json.WriteStartArray("shards");
        foreach (var row in snapshot.Shards)
        {
            WriteShard(json, row);
        }

        json.WriteEndArray();
        json.WriteStartArray("workers");
        foreach (var worker in snapshot.Workers)
        {
            json.WriteStartObject();
            json.WriteString("workerId", worker.WorkerId);
            json.WriteNumber("leases", worker.Leases);
            json.WriteNumber("processing", worker.Processing);
            json.WriteNumber("waitingOnParent", worker.WaitingOnParent);
            WriteNullableNumber(json, "maxMillisBehindLatest", worker.MaxMillisBehindLatest);
            WriteNullableNumber(json, "maxShardLagMillis", worker.MaxLagMillis);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
    }

    /// <summary>The snake_case state name used in JSON.</summary>
    public static string StateName(StatusShardState state) => state switch
    {
        StatusShardState.Open => "open",
        StatusShardState.Closed => "closed",
        StatusShardState.Finished => "finished",
        StatusShardState.WaitingOnParent => "waiting_on_parent",
        _ => "not_in_stream",
    };

    private static void WriteShard(Utf8JsonWriter json, StatusShardRow row)
    {
        json.WriteStartObject();
        json.WriteString("shardId", row.ShardId);
        json.WriteString("state", StateName(row.State));
        json.WriteBoolean("hasLease", row.HasLease);
        json.WriteString("owner", row.Owner);
        json.WriteString("checkpoint", row.Checkpoint);
        WriteNullableNumber(json, "leaseCounter", row.LeaseCounter);
        WriteNullableNumber(json, "ownerMillisBehindLatest", row.OwnerMillisBehindLatest);
        WriteNullableNumber(json, "ownerShardLagMillis", row.LagMillis);
        json.WriteStartArray("parentShardIds");
        foreach (var parent in row.ParentShardIds)
        {
            json.WriteStringValue(parent);
        }

        json.WriteEndArray();
        json.WriteString("handoffFrom", row.HandoffFrom);
        if (row.Renewal is { IsUnknown: false } renewal)
        {
            json.WriteStartObject("counterUnchanged");
            json.WriteNumber("atLeastSeconds", Math.Round(renewal.AtLeast.TotalSeconds, 3));
            if (renewal.AtMost is { } atMost)
            {
                json.WriteNumber("atMostSeconds", Math.Round(atMost.TotalSeconds, 3));
            }
            else
            {
                json.WriteNull("atMostSeconds");
            }

            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("counterUnchanged");
        }

        json.WriteEndObject();
    }

    private static void WriteNullableNumber(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
