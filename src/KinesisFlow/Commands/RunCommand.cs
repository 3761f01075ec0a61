using System.CommandLine;
using KinesisFlow.Consumer.Startup;
using KinesisFlow.Sinks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace KinesisFlow.Cli;

/// <summary>
/// <c>kinesisflow run --stream NAME [...]</c>: the consumer service on the generic host, sharing the stream's shards
/// with every other instance through the lease table. Exit code 0 after a graceful stop (SIGTERM, Ctrl-C), 1 when a
/// start-up check fails, 2 for a bad setting (the message names it).
/// </summary>
internal static class RunCommand
{
    public const int ExitStartupFailed = 1;
    public const int ExitBadSetting = 2;

    public static Command Create()
    {
        var flags = new RunFlags();
        var command = new Command("run", "Consume a Kinesis stream of CloudWatch Logs flow logs and deliver the events to the sinks, sharing shards with other instances.");
        foreach (var option in flags.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parseResult, cancellation) =>
        {
            var sinks = parseResult.GetValue(flags.Sinks) ?? [];
            foreach (var spec in sinks)
            {
                if (!SinkSpec.TryParse(spec, out _, out var error))
                {
                    await Console.Error.WriteLineAsync($"run: --sink {error}");
                    return ExitBadSetting;
                }
            }

            return await RunAsync(flags.ToConfiguration(parseResult), sinks, cancellation);
        });
        return command;
    }

    public static async Task<int> RunAsync(IReadOnlyDictionary<string, string?> settings, IReadOnlyList<string> sinks, CancellationToken cancellation)
    {
        try
        {
            using var host = RunHost.Build(settings, sinks);
            await host.RunAsync(cancellation);
            return 0;
        }
        catch (OptionsValidationException exception) when (exception.Failures.Any())
        {
            await Console.Error.WriteLineAsync("run: invalid configuration:");
            foreach (var failure in exception.Failures)
            {
                await Console.Error.WriteLineAsync($"  {failure}");
            }

            return ExitBadSetting;
        }
        catch (InvalidOperationException exception) when (exception.InnerException is FormatException)
        {
            // The configuration binder could not convert a value (an unknown --mode, a malformed TimeSpan...): its message names the key.
            await Console.Error.WriteLineAsync($"run: invalid configuration: {exception.Message} {exception.InnerException.Message}");
            return ExitBadSetting;
        }
        catch (StartupCheckException exception)
        {
            await Console.Error.WriteLineAsync($"run: {exception.Message}");
            return ExitStartupFailed;
        }
    }
}
