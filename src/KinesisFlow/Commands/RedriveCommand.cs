using System.CommandLine;
using KinesisFlow.Cli.Settings;

namespace KinesisFlow.Cli;

/// <summary>
/// <c>kinesisflow redrive FILE [--sink SPEC]... [--log-format FORMAT | --formats FILE] [--dead-letter PATH]</c>:
/// sends the events of a dead-letter file again: events a sink refused, as they were, and records or lines the decoder
/// could not read, decoded again with the current formats. What fails again goes to a new dead-letter file; progress
/// is kept beside the input so an interrupted run resumes. Exit code 0: everything was sent; 1: something failed again;
/// 2: usage; 130: interrupted.
/// </summary>
internal static class RedriveCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("FILE")
        {
            Description = "The dead-letter file (NDJSON) of `run` or of `decode --dead-letter`; it is only read.",
        };
        var sinks = RunFlags.SinkFlag();
        var logFormat = new Option<string?>("--log-format")
        {
            Description = "The flow log format to decode undecodable records with, as for decode. Default: the v2 default format.",
            HelpName = "FORMAT",
        };
        var formats = new Option<string?>("--formats")
        {
            Description = "JSON file mapping log-group names or globs to formats, as for run and decode: fix a format, then redrive.",
            HelpName = "FILE",
        };
        var deadLetter = new Option<string?>("--dead-letter")
        {
            Description = "Where what fails again goes (a new file). Default: FILE.redrive-failed.ndjson.",
            HelpName = "PATH",
        };
        var command = new Command("redrive", "Send dead-lettered events and records again.")
        {
            input,
            sinks,
            logFormat,
            formats,
            deadLetter,
        };
        command.WithExamples(
            new("Send events a sink refused to it again, once its cause is fixed", "kinesisflow redrive kinesisflow-dead-letters.ndjson --sink http:https://collector.example.com/flows"),
            new("Decode records again with a fixed formats file, into a file", "kinesisflow redrive dead.ndjson --formats formats.json --sink file+ecs:flows.ndjson"),
            new("Keep what fails again in a file of your choice", "kinesisflow redrive dead.ndjson --sink sekoia:fra1 --dead-letter still-dead.ndjson"));
        command.SetAction(async (parseResult, cancellation) =>
        {
            try
            {
                var settings = RedriveSettings.Create(
                    parseResult.GetValue(input),
                    parseResult.GetValue(sinks) ?? [],
                    parseResult.GetValue(logFormat),
                    parseResult.GetValue(formats),
                    parseResult.GetValue(deadLetter));
                return await RedriveRunner.RunAsync(settings, Console.Error, cancellation);
            }
            catch (SettingException e)
            {
                return await CommandError.ReportAsync("redrive", ExitCodes.BadSetting, e.Message);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A sink or a file that failed: nothing acknowledged is lost, and the progress file says where to resume.
                return await CommandError.ReportAsync("redrive", ExitCodes.Failed, $"{e.Message}; run the same command again to resume");
            }
        });
        return command;
    }
}
