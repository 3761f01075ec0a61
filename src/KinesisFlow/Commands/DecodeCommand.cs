using System.CommandLine;
using KinesisFlow.FlowLogs.Output;

namespace KinesisFlow.Cli;

/// <summary>
/// <c>kinesisflow decode [--log-format FORMAT | --formats FILE] [--output json|raw] [--dead-letter PATH] INPUT...</c>:
/// decodes Kinesis records of CloudWatch Logs flow logs (from <c>aws kinesis get-records</c> output, raw record
/// files or stdin) into NDJSON on stdout. Exit code 0: every record decoded; 1: some were dead-lettered; 2: usage.
/// </summary>
internal static class DecodeCommand
{
    public static Command Create()
    {
        // Parsing is lenient (optional values, unmatched tokens kept) so that every usage mistake reaches
        // DecodeSettings and ends with exit code 2 and one line, as the command's contract says.
        var logFormat = ValueOption(
            "--log-format",
            "FORMAT",
            "The flow log format of every input, as AWS shows it ('${version} ${account-id} ...') or as plain names. Default: the v2 default format.");
        var formats = ValueOption(
            "--formats",
            "FILE",
            "A JSON file mapping log-group names or glob patterns to formats ({\"/vpc/prod-*\": \"${version} ...\"}); first match wins, v2 default otherwise.");
        var output = ValueOption(
            "--output",
            "FORMAT",
            $"What to write per flow record: {string.Join(", ", FlowOutputFormats.Names)}. Default: json.");
        var deadLetter = ValueOption(
            "--dead-letter",
            "PATH",
            "Write every undecodable record or line here, one JSON object per line, with its reason and original bytes.");
        var inputs = new Argument<string[]>("INPUT")
        {
            Description = "get-records JSON output, a file with one raw (gzip) record, or - for stdin; the shape is detected.",
            Arity = ArgumentArity.ZeroOrMore,
        };

        var command = new Command("decode", "Decode Kinesis records of VPC / Transit Gateway flow logs (CloudWatch Logs subscription payloads) into NDJSON.")
        {
            logFormat,
            formats,
            output,
            deadLetter,
            inputs,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parseResult, cancellation) =>
        {
            var stderr = Console.Error;
            try
            {
                var settings = DecodeSettings.Create(
                    ValueOf(parseResult, logFormat),
                    ValueOf(parseResult, formats),
                    ValueOf(parseResult, output),
                    ValueOf(parseResult, deadLetter),
                    parseResult.GetValue(inputs) ?? [],
                    parseResult.UnmatchedTokens);
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

    // Optional value, so that "--output" without one reaches DecodeSettings as a usage error (exit code 2).
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
