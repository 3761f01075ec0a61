using System.Globalization;

namespace KinesisFlow.Cli;

/// <summary>Renders a <see cref="StatusSnapshot"/> as aligned text tables for a terminal. Pure.</summary>
internal static class StatusTableRenderer
{
    // Sequence numbers are up to 56 digits: the table shows their tail (enough to tell them apart and see them move);
    // --json prints them whole.
    private const int CheckpointTail = 12;

    private static readonly string[] ShardHeader = ["SHARD", "STATE", "OWNER", "CHECKPOINT", "LAG", "RENEWED"];
    private static readonly string[] WorkerHeader = ["WORKER", "LEASES", "PROCESSING", "WAITING", "MAX LAG"];

    public static void Render(StatusSnapshot snapshot, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine(Headline(snapshot));
        output.WriteLine();

        var shardRows = new List<string[]> { ShardHeader };
        foreach (var row in snapshot.Shards)
        {
            shardRows.Add(
            [
                row.ShardId,
                StateText(row),
                row.HasLease ? row.Owner ?? "(none)" : "(no lease)",
                Abbreviate(row.Checkpoint),
                row.LagMillis is { } lag && row.State != StatusShardState.Finished ? FormatDuration(TimeSpan.FromMilliseconds(lag), precise: true) : "-",
                RenewalText(row),
            ]);
        }

        WriteTable(shardRows, output);
        output.WriteLine();

        var workerRows = new List<string[]> { WorkerHeader };
        foreach (var worker in snapshot.Workers)
        {
            workerRows.Add(
            [
                worker.WorkerId,
                worker.Leases.ToString(CultureInfo.InvariantCulture),
                worker.Processing.ToString(CultureInfo.InvariantCulture),
                worker.WaitingOnParent.ToString(CultureInfo.InvariantCulture),
                worker.MaxLagMillis is { } max ? FormatDuration(TimeSpan.FromMilliseconds(max), precise: true) : "-",
            ]);
        }

        if (workerRows.Count == 1)
        {
            output.WriteLine("No worker owns a lease.");
        }
        else
        {
            WriteTable(workerRows, output);
        }

        if (snapshot.UnownedLeases > 0)
        {
            output.WriteLine();
            output.WriteLine($"{snapshot.UnownedLeases} unfinished lease(s) have no owner: no worker is running, or they are being taken over.");
        }

        if (snapshot.Shards.Any(row => row.Renewal is { IsUnknown: true }))
        {
            output.WriteLine();
            output.WriteLine("RENEWED: time since the lease counter last changed, measured by this command's own refreshes ('?' until the second one: use --watch).");
        }
    }

    /// <summary>A compact duration: 850ms, 4.2s, 2m05s, 1h02m, 3d04h.</summary>
    public static string FormatDuration(TimeSpan duration, bool precise = false)
    {
        if (duration < TimeSpan.FromSeconds(1))
        {
            return precise ? $"{(long)duration.TotalMilliseconds}ms" : "0s";
        }

        if (duration < TimeSpan.FromMinutes(1))
        {
            return precise && duration < TimeSpan.FromSeconds(10)
                ? $"{Math.Floor(duration.TotalSeconds * 10) / 10:0.#}s"
                : $"{(int)duration.TotalSeconds}s";
        }

        if (duration < TimeSpan.FromHours(1))
        {
            return $"{duration.Minutes}m{duration.Seconds:00}s";
        }

        return duration < TimeSpan.FromDays(1) ? $"{(int)duration.TotalHours}h{duration.Minutes:00}m" : $"{(int)duration.TotalDays}d{duration.Hours:00}h";
    }

    private static string Headline(StatusSnapshot snapshot)
    {
        int open = 0, closed = 0, finished = 0, waiting = 0;
        foreach (var row in snapshot.Shards)
        {
            switch (row.State)
            {
                case StatusShardState.Open: open++; break;
                case StatusShardState.Closed: closed++; break;
                case StatusShardState.Finished: finished++; break;
                case StatusShardState.WaitingOnParent: waiting++; break;
                case StatusShardState.NotInStream: break;
            }
        }

        return $"Stream {snapshot.StreamName} · lease table {snapshot.LeaseTable} · {snapshot.Shards.Count} shard(s): "
            + $"{open} open, {closed} closed, {finished} finished, {waiting} waiting on parent · {snapshot.Workers.Count} worker(s) · "
            + $"{snapshot.TakenAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC";
    }

    private static string StateText(StatusShardRow row)
    {
        var state = row.State switch
        {
            StatusShardState.Open => "open",
            StatusShardState.Closed => "closed",
            StatusShardState.Finished => "finished",
            StatusShardState.WaitingOnParent => $"waiting on {string.Join('+', row.ParentShardIds)}",
            _ => "not in stream",
        };
        return row.HandoffFrom is { } target && row.State != StatusShardState.Finished ? $"{state}, handover from {target}" : state;
    }

    private static string RenewalText(StatusShardRow row) => row.Renewal switch
    {
        null => "-",
        { IsUnknown: true } => "?",
        { AtMost: null } age => $">{FormatDuration(age.AtLeast)} ago",
        { AtLeast.Ticks: 0 } age => $"<{FormatDuration(age.AtMost!.Value)} ago",
        { } age => $"{FormatDuration(age.AtLeast)}-{FormatDuration(age.AtMost!.Value)} ago",
    };

    private static string Abbreviate(string? checkpoint) => checkpoint switch
    {
        null => "-",
        { Length: > CheckpointTail + 1 } when char.IsAsciiDigit(checkpoint[0]) => "…" + checkpoint[^CheckpointTail..],
        _ => checkpoint,
    };

    private static void WriteTable(List<string[]> rows, TextWriter output)
    {
        var widths = new int[rows[0].Length];
        foreach (var row in rows)
        {
            for (var column = 0; column < row.Length; column++)
            {
                widths[column] = Math.Max(widths[column], row[column].Length);
            }
        }

        foreach (var row in rows)
        {
            for (var column = 0; column < row.Length; column++)
            {
                var last = column == row.Length - 1;
                output.Write(last ? row[column] : row[column].PadRight(widths[column] + 2));
            }

            output.WriteLine();
        }
    }
}
