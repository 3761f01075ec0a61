using System.CommandLine;
using KinesisFlow.Emulators;

namespace KinesisFlow.Cli;

/// <summary>
/// <c>kinesisflow demo [--shards N] [--events N] [--rate N] [--output-dir DIR]</c>: the whole pipeline on this machine with
/// no AWS account. Starts local emulators, creates a multi-shard stream, produces flow logs, runs two workers in this
/// process, shows progress, and ends with a summary. Ctrl-C stops it cleanly, emulators included.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var shards = new Option<int>("--shards") { Description = "Shards of the demo stream.", HelpName = "N", DefaultValueFactory = _ => 4 };
        var events = new Option<int>("--events") { Description = "Flow lines to produce.", HelpName = "N", DefaultValueFactory = _ => 20_000 };
        var rate = new Option<double>("--rate") { Description = "Flow lines per second produced.", HelpName = "N", DefaultValueFactory = _ => 2_000 };
        var output = new Option<string>("--output-dir") { Description = "Folder for the delivered events and the dead letters.", HelpName = "DIR", DefaultValueFactory = _ => "demo-output" };
        var command = new Command("demo", "Run the whole pipeline locally; no AWS account needed.")
        {
            shards, events, rate, output,
        };
        command.WithExamples(
            new("Run the demo with its defaults: 4 shards, 20,000 flow lines", "kinesisflow demo"),
            new("A bigger stream, faster, delivered into a folder of your choice", "kinesisflow demo --shards 8 --events 100000 --rate 10000 --output-dir demo-big"));
        command.SetAction(async (parseResult, cancellation) =>
        {
            var settings = new DemoSettings(
                parseResult.GetValue(shards),
                parseResult.GetValue(events),
                parseResult.GetValue(rate),
                Path.GetFullPath(parseResult.GetValue(output)!));
            if (settings.Validate() is { } error)
            {
                return await CommandError.ReportAsync("demo", ExitCodes.BadSetting, error);
            }

            try
            {
                return await new DemoRunner(settings, Console.Out).RunAsync(cancellation);
            }
            catch (EmulatorStartException exception)
            {
                // No checkout, no node or npm, an emulator that would not start: the message says which and what to do.
                return await CommandError.ReportAsync("demo", ExitCodes.Failed, exception.Message);
            }
        });
        return command;
    }
}

/// <summary>What the demo does.</summary>
internal sealed record DemoSettings(int Shards, int Events, double Rate, string OutputDirectory)
{
    public const string StreamName = "kinesisflow-demo";
    public const string LeaseTable = "kinesisflow-demo-leases";

    public string? Validate() =>
        Shards is < 1 or > 50 ? "--shards must be between 1 and 50."
        : Events < 1 ? "--events must be at least 1."
        : Rate <= 0 ? "--rate must be above 0."
        : null;

    public string WorkerOutput(int worker) => Path.Combine(OutputDirectory, $"worker-{worker}.ndjson");
}
