using System.Text;
using KinesisFlow.Aws;

namespace KinesisFlow.Cli;

/// <summary>What one account/region pair of a fan-out ended with.</summary>
internal sealed record FanOutRow(string Account, string Region, int Changed, int Unchanged, int Skipped, int Failed, string Why)
{
    public static FanOutRow From(FanOutTarget target, SubscribeOutcome outcome) => new(
        target.AccountLabel, target.Region, outcome.Changed, outcome.Unchanged, outcome.Skipped, outcome.Failed, string.Join("; ", outcome.Reasons.Take(3)) + (outcome.Reasons.Count > 3 ? $"; +{outcome.Reasons.Count - 3} more" : ""));
}

/// <summary>
/// Runs one piece of work in every account/region pair, at most N at once (Parallel.ForEachAsync's bound), and reports
/// as a person needs it: each pair's own lines together, prefixed by account and region, a progress line per finished
/// pair on stderr, and a final table. A failure in one pair (its role refused, an AWS error) is that pair's row, never
/// the others'. Exit code: 1 if any pair failed, 2 if any skipped something, 0 otherwise.
/// </summary>
internal static class FanOutRunner
{
    public delegate Task<FanOutRow> Work(FanOutTarget target, AwsClientOptions account, TextWriter output, CancellationToken cancellationToken);

    public static async Task<int> RunAsync(
        IReadOnlyList<FanOutTarget> targets, int maxParallel, string changedLabel, Work work, TextWriter report, TextWriter progress, CancellationToken cancellationToken)
    {
        var rows = new List<FanOutRow>(targets.Count);
        var gate = new object();
        await Parallel.ForEachAsync(
            targets,
            new ParallelOptions { MaxDegreeOfParallelism = maxParallel, CancellationToken = cancellationToken },
            async (target, ct) =>
            {
                using var lines = new StringWriter();
                FanOutRow row;
                try
                {
                    row = await work(target, await target.AccountOptions(), lines, ct);
                }
                catch (Exception e) when (e is AwsServiceException or HttpRequestException or TimeoutException or InvalidOperationException or ArgumentException)
                {
                    row = new FanOutRow(target.AccountLabel, target.Region, 0, 0, 0, 1, OneLine(e.Message));
                }

                lock (gate)
                {
                    rows.Add(row);
                    foreach (var line in lines.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        report.WriteLine($"{target.AccountLabel} {target.Region}  {line}");
                    }

                    progress.WriteLine($"[{rows.Count}/{targets.Count}] {target.AccountLabel} {target.Region}: {(row.Failed > 0 ? "failed" : "done")}");
                }
            });

        await report.WriteLineAsync(Table(rows, changedLabel));
        var failed = rows.Count(r => r.Failed > 0);
        await report.WriteLineAsync($"{rows.Count} account/region pairs: {rows.Count - failed} done, {failed} failed");
        return failed > 0 ? SubscribeRun.Failed : SubscribeRun.Done;
    }

    private static string Table(List<FanOutRow> rows, string changedLabel)
    {
        var table = new StringBuilder();
        table.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"{"ACCOUNT",-14}{"REGION",-16}{changedLabel.ToUpperInvariant(),-12}{"UNCHANGED",-11}{"SKIPPED",-9}{"FAILED",-8}WHY");
        foreach (var row in rows.OrderBy(r => r.Account, StringComparer.Ordinal).ThenBy(r => r.Region, StringComparer.Ordinal))
        {
            table.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"{row.Account,-14}{row.Region,-16}{row.Changed,-12}{row.Unchanged,-11}{row.Skipped,-9}{row.Failed,-8}{row.Why}");
        }

        return table.ToString().TrimEnd();
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");
}
