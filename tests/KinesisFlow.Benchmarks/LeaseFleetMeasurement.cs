using System.Globalization;
using KinesisFlow.Coordination.Leases;
using KinesisFlow.TestKit.Simulation;

namespace KinesisFlow.Benchmarks;

/// <summary>
/// `lease-fleet [shards] [workers] [minutes] [assigned] [busy]`: the whole lease protocol of a fleet (real coordinators, in-memory
/// table, fake time, answers 10 ms late) started all at once on an unowned table (or one whose leases they hold already): how long until it is balanced, then what it
/// asks of the lease table per minute while steady (calls, read and write capacity units, the on-demand cost). Too
/// large for the unit suite, which runs the 64-shard fleets of the same simulation. `busy`: every shard reports a new lag at
/// every step, as on a stream that keeps receiving records (what lag reports cost).
/// </summary>
internal static class LeaseFleetMeasurement
{
    /// <param name="shards">Leases in the table.</param>
    /// <param name="workers">Workers, all started at once.</param>
    /// <param name="window">How long the steady fleet is metered.</param>
    /// <param name="assigned">The leases are already spread over the workers (a restart, and a quicker way to the steady state of large fleets); otherwise nobody owns any.</param>
    /// <param name="busy">Every shard reports a new lag at every step (<see cref="LeaseFleetSimulation.BusyStream"/>).</param>
    public static async Task<int> RunAsync(int shards, int workers, TimeSpan window, bool assigned, bool busy)
    {
        var options = new LeaseOptions();
        var ids = Enumerable.Range(0, workers).Select(i => $"worker-{i:D3}").ToList();
        await using var fleet = await LeaseFleetSimulation.CreateAsync(shards, options, TimeSpan.FromMilliseconds(10), owners: assigned ? ids : null);
        fleet.BusyStream = busy;
        var started = DateTime.UtcNow;
        ids.ForEach(fleet.Start);

        var balanced = await fleet.RunUntilAsync(() => fleet.Balanced(out _), TimeSpan.FromMinutes(5));
        fleet.Balanced(out var why);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{shards} shards, {workers} workers: balanced after {balanced?.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) ?? "more than 300"} s of simulated time ({why}); start-up calls: {fleet.Meter.Usage()}"));

        // One lease duration more before metering, so that the window holds the steady state only (a fleet can be
        // balanced before every worker's first renew cycle, with its leader election, has ended).
        await fleet.RunForAsync(options.LeaseDuration);
        fleet.Meter.Reset();
        await fleet.RunForAsync(window);
        var usage = fleet.Meter.Usage();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"steady, over {window.TotalMinutes:F0} min: {usage}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"(simulated in {(DateTime.UtcNow - started).TotalSeconds:F0} s of real time)"));
        return balanced is null ? 1 : 0;
    }
}
