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
        var logFormat = new Option<string?>("--log-format")
        {
            Description = "The flow log format of every input, as AWS shows it ('${version} ${account-id} ...') or as plain names. Default: the v2 default format.",
            HelpName = "FORMAT",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var formats = new Option<string?>("--formats")
        {
            Description = "A JSON file mapping log-group names or glob patterns to formats ({\"/vpc/prod-*\": \"${version} ...\"}); first match wins, v2 default otherwise.",
            HelpName = "FILE",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var output = new Option<string?>("--output")
        {
            Description = $"What to write per flow record: {string.Join(", ", FlowOutputFormats.Names)}. Default: json.",
            HelpName = "FORMAT",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var deadLetter = new Option<string?>("--dead-letter")
        {
            Description = "Write every undecodable record or line here, one JSON object per line, with its reason and original bytes.",
            HelpName = "PATH",
            Arity = ArgumentArity.ZeroOrOne,
        };
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
