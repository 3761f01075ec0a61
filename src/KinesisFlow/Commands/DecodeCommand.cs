using System.CommandLine;
using KinesisFlow.FlowLogs.Output;

namespace KinesisFlow.Cli;

/// <summary>
/// <c>kinesisflow decode [--log-format FORMAT | --formats FILE] [--format json|raw|ecs|ocsf|sekoia] [--dead-letter PATH] INPUT...</c>:
/// decodes Kinesis records of CloudWatch Logs flow logs (from <c>aws kinesis get-records</c> output, raw record
/// files or stdin) into NDJSON on stdout. Exit code 0: every record decoded; 1: some were dead-lettered; 2: usage.
/// </summary>
internal static class DecodeCommand
{
    public static Command Create()
    {
        // Options take an optional value so that one given without its value reaches DecodeSettings as a usage error;
        // every other parse error is one line and exit code 2 too (UsageError), as the command's contract says.
        var logFormat = ValueOption(
            "--log-format",
            "FORMAT",
            "The flow log format of every input, as AWS shows it ('${version} ${account-id} ...') or as plain names. Default: the v2 default format.");
        var formats = ValueOption(
            "--formats",
            "FILE",
            "A JSON file mapping log-group names or glob patterns to formats ({\"/vpc/prod-*\": \"${version} ...\"}); first match wins, v2 default otherwise.");
        var format = ValueOption(
            "--format",
            string.Join('|', FlowOutputFormats.Names),
            $"What to write per flow record: {string.Join(", ", FlowOutputFormats.Names)}. Default: json.");
        format.Offering([.. FlowOutputFormats.Names]);
        var deprecatedOutput = ValueOption("--output", "FORMAT", "Deprecated: the former name of --format.");
        deprecatedOutput.Hidden = true;
        var deadLetter = ValueOption(
            "--dead-letter",
            "PATH",
            "Write every undecodable record or line here, one JSON object per line, with its reason and original bytes.");
        var inputs = new Argument<string[]>("INPUT")
        {
            Description = "get-records JSON output, a file with one raw (gzip) record, or - for stdin; the shape is detected.",
            Arity = ArgumentArity.ZeroOrMore,
        };

        var command = new Command("decode", "Decode flow-log records from Kinesis into NDJSON.")
        {
            logFormat,
            formats,
            format,
            deprecatedOutput,
            deadLetter,
            inputs,
        };
        command.WithExamples(
            new("Decode the output of `aws kinesis get-records` into NDJSON", "kinesisflow decode records.json"),
            new("Decode a raw gzip record from stdin as ECS documents", "kinesisflow decode --format ecs - < record.gz"),
            new("Decode with the log groups' own formats, keeping what fails", "kinesisflow decode --formats formats.json --dead-letter dead.ndjson records.json"));
        command.SetAction((parseResult, cancellation) =>
        {
            var stderr = Console.Error;
            try
            {
                var settings = DecodeSettings.Create(
                    ValueOf(parseResult, logFormat),
                    ValueOf(parseResult, formats),
                    FormatOf(parseResult, format, deprecatedOutput, stderr),
                    ValueOf(parseResult, deadLetter),
                    parseResult.GetValue(inputs) ?? []);
                using var stdin = Console.OpenStandardInput();
                using var stdout = Console.OpenStandardOutput();
                return Task.FromResult(DecodeRunner.Run(settings, stdin, stdout, stderr, cancellation));
            }
            catch (DecodeUsageException e)
            {
                stderr.WriteLine($"decode: {e.Message}");
                return Task.FromResult(DecodeRunner.ExitUsage);
            }
            catch (OperationCanceledException)
            {
                stderr.WriteLine("decode: cancelled");
                return Task.FromResult(DecodeRunner.ExitDeadLettered);
            }
            catch (IOException e)
            {
                stderr.WriteLine($"decode: cannot write output: {e.Message}");
                return Task.FromResult(DecodeRunner.ExitDeadLettered);
            }
        });
        return command;
    }

    // --output was decode's name for --format until --output came to mean the same thing in every command (status
    // --output table|json): it still works for one release, with a warning.
    private static string? FormatOf(ParseResult parseResult, Option<string?> format, Option<string?> deprecatedOutput, TextWriter stderr)
    {
        var chosen = ValueOf(parseResult, format);
        var deprecated = ValueOf(parseResult, deprecatedOutput);
        if (deprecated is null)
        {
            return chosen;
        }

        if (chosen is not null)
        {
            throw new DecodeUsageException("--output is the deprecated name of --format; give --format only");
        }

        stderr.WriteLine("decode: warning: --output is deprecated and will be removed in the next release; use --format");
        return deprecated;
    }

    // Optional value, so that "--format" without one reaches DecodeSettings as a usage error (exit code 2).
    private static Option<string?> ValueOption(string name, string helpName, string description) => new(name)
    {
        Description = description,
        HelpName = helpName,
        Arity = ArgumentArity.ZeroOrOne,
    };

    // An option given without its value is a usage error, not "absent".
    private static string? ValueOf(ParseResult parseResult, Option<string?> option)
    {
        var result = parseResult.GetResult(option);
        if (result is null)
        {
            return null;
        }

        return parseResult.GetValue(option) ?? throw new DecodeUsageException($"{option.Name} needs a value");
    }
}
