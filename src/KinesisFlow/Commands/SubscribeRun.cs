using KinesisFlow.Aws;

namespace KinesisFlow.Cli;

/// <summary>
/// Carries out a plan (unless it is a dry run), one line per log group, a summary naming what was skipped (filter limit,
/// another account policy, named but missing) and why, and the exit code: 0 when no call failed (nothing to do, or
/// only skips, is not an error), 1 when one did. One log group's failure never stops the others.
/// </summary>
internal static class SubscribeRun
{
    public const int Done = 0;
    public const int Failed = 1;

    public static async Task<int> ApplyAsync(
        IReadOnlyList<SubscribeStep> steps,
        IReadOnlyList<string> missing,
        Func<SubscribeStep, CancellationToken, Task> apply,
        bool dryRun,
        TextWriter output,
        CancellationToken cancellationToken) =>
        (await ApplyCountedAsync(steps, missing, apply, dryRun, output, cancellationToken)).ExitCode;

    /// <summary>As <see cref="ApplyAsync"/>, with the counts and the reasons of skips and failures (one account/region of a fan-out).</summary>
    public static async Task<SubscribeOutcome> ApplyCountedAsync(
        IReadOnlyList<SubscribeStep> steps,
        IReadOnlyList<string> missing,
        Func<SubscribeStep, CancellationToken, Task> apply,
        bool dryRun,
        TextWriter output,
        CancellationToken cancellationToken)
    {
        var failed = 0;
        var reasons = new List<string>();
        var skips = new List<string>();
        var done = new Dictionary<SubscribeAction, int>();
        foreach (var step in steps)
        {
            if (step.Changes && !dryRun)
            {
                try
                {
                    await apply(step, cancellationToken);
                }
                catch (AwsServiceException e)
                {
                    failed++;
                    reasons.Add($"{step.Target}: {e.ErrorCode}");
                    await output.WriteLineAsync($"{"failed",-10} {step.Target}  {step.FilterName}: {e.ErrorCode}: {e.ServiceMessage}");
                    continue;
                }
            }

            done[step.Action] = done.GetValueOrDefault(step.Action) + 1;
            if (step.Action == SubscribeAction.SkipFilterLimit)
            {
                skips.Add($"{step.Target}: at the filter limit");
            }

            await output.WriteLineAsync(Line(step, dryRun));
        }

        foreach (var name in missing)
        {
            skips.Add($"{name}: missing");
            await output.WriteLineAsync($"{"missing",-10} {name}  no such log group");
        }

        var skipped = done.GetValueOrDefault(SubscribeAction.SkipFilterLimit) + missing.Count;
        await output.WriteLineAsync(Summary(done, skipped, failed, dryRun) + (skips.Count > 0 ? $" (skipped {string.Join("; ", skips)})" : ""));
        reasons.AddRange(skips);
        return new SubscribeOutcome(
            done.GetValueOrDefault(SubscribeAction.Create) + done.GetValueOrDefault(SubscribeAction.Update) + done.GetValueOrDefault(SubscribeAction.Delete),
            done.GetValueOrDefault(SubscribeAction.Unchanged),
            skipped,
            failed,
            reasons,
            failed > 0 ? Failed : Done);
    }

    private static string Line(SubscribeStep step, bool dryRun)
    {
        var would = dryRun && step.Changes ? "would " : "";
        return step.Action switch
        {
            SubscribeAction.Create => $"{would + "create",-10} {step.Target}  {step.FilterName}",
            SubscribeAction.Update => $"{would + "update",-10} {step.Target}  {step.FilterName}",
            SubscribeAction.Delete => $"{would + "delete",-10} {step.Target}  {step.FilterName}",
            SubscribeAction.Unchanged => $"{"unchanged",-10} {step.Target}  {step.FilterName}",
            SubscribeAction.SkipFilterLimit => $"{"skipped",-10} {step.Target}  already at the limit, none of them ours: {string.Join(", ", step.Existing)}",
            SubscribeAction.SkipExcluded => $"{"excluded",-10} {step.Target}  (--exclude-log-group)",
            SubscribeAction.NothingOfOurs => $"{"none",-10} {step.Target}  nothing of ours",
            _ => throw new ArgumentOutOfRangeException(nameof(step), step.Action, null),
        };
    }

    private static string Summary(Dictionary<SubscribeAction, int> done, int skipped, int failed, bool dryRun)
    {
        var (created, updated, deleted) = (done.GetValueOrDefault(SubscribeAction.Create), done.GetValueOrDefault(SubscribeAction.Update), done.GetValueOrDefault(SubscribeAction.Delete));
        var unchanged = done.GetValueOrDefault(SubscribeAction.Unchanged);
        return dryRun
            ? $"dry run, nothing changed: {created} to create, {updated} to update, {deleted} to delete, {unchanged} unchanged, {skipped} skipped"
            : $"{created} created, {updated} updated, {deleted} deleted, {unchanged} unchanged, {skipped} skipped, {failed} failed";
    }
}

/// <summary>What one run of a plan did: steps that changed something, unchanged, skipped (or missing), failed, why, and its exit code.</summary>
internal sealed record SubscribeOutcome(int Changed, int Unchanged, int Skipped, int Failed, IReadOnlyList<string> Reasons, int ExitCode);
