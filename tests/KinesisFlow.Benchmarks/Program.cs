using BenchmarkDotNet.Running;
using KinesisFlow.Benchmarks;

// `dotnet run -c Release --project tests/KinesisFlow.Benchmarks -- --filter '*'` runs every benchmark; see docs/performance.md.
// `make-dump` and `gunzip-only` are the helpers of the whole-process comparison (decode-process.sh).
// `idle-shards [shards] [seconds]` holds caught-up shards for a window of real time (IdleShardsMeasurement).
// `scale [shards] [rounds]` repeats the ScaleBenchmarks drain and keeps the best and median rounds (ScaleInterleaved).
// `lease-fleet [shards] [workers] [minutes] [assigned] [busy]` simulates a fleet's lease protocol and meters its lease table (LeaseFleetMeasurement).
if (DecodeProcessTools.Run(args) is { } exitCode)
{
    return exitCode;
}

if (args is ["idle-shards", .. var idle])
{
    var shards = idle.Length > 0 ? int.Parse(idle[0], System.Globalization.CultureInfo.InvariantCulture) : 1000;
    var seconds = idle.Length > 1 ? int.Parse(idle[1], System.Globalization.CultureInfo.InvariantCulture) : 15;
    return await IdleShardsMeasurement.RunAsync(shards, TimeSpan.FromSeconds(seconds));
}

if (args is ["scale", .. var scale])
{
    var shards = scale.Length > 0 ? int.Parse(scale[0], System.Globalization.CultureInfo.InvariantCulture) : 32;
    var rounds = scale.Length > 1 ? int.Parse(scale[1], System.Globalization.CultureInfo.InvariantCulture) : 10;
    return await ScaleInterleaved.RunAsync(shards, rounds);
}

if (args is ["lease-fleet", .. var fleet])
{
    var shards = fleet.Length > 0 ? int.Parse(fleet[0], System.Globalization.CultureInfo.InvariantCulture) : 64;
    var workers = fleet.Length > 1 ? int.Parse(fleet[1], System.Globalization.CultureInfo.InvariantCulture) : 2;
    var minutes = fleet.Length > 2 ? int.Parse(fleet[2], System.Globalization.CultureInfo.InvariantCulture) : 2;
    return await LeaseFleetMeasurement.RunAsync(shards, workers, TimeSpan.FromMinutes(minutes), fleet.Skip(3).Contains("assigned"), fleet.Skip(3).Contains("busy"));
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
