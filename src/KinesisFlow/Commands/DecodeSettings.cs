using KinesisFlow.FlowLogs;
using KinesisFlow.FlowLogs.Output;

namespace KinesisFlow.Cli;

/// <summary>The validated options of one <c>decode</c> run.</summary>
internal sealed record DecodeSettings(FormatMap Formats, string OutputFormat, string? DeadLetterPath, IReadOnlyList<string> Inputs)
{
    /// <summary>Checks the raw option values; throws <see cref="DecodeUsageException"/> with a one-line reason.</summary>
    public static DecodeSettings Create(
        string? logFormat,
        string? formatsPath,
        string? format,
        string? deadLetterPath,
        IReadOnlyList<string> inputs)
    {
        if (inputs.Count == 0)
        {
            throw new DecodeUsageException("no INPUT given (a get-records JSON file, a raw gzip record file, or - for standard input)");
        }

        foreach (var input in inputs)
        {
            if (input.Length > 1 && input[0] == '-')
            {
                throw new DecodeUsageException($"unknown option '{input}'");
            }
        }

        if (logFormat is not null && formatsPath is not null)
        {
            throw new DecodeUsageException("--log-format and --formats cannot be used together");
        }

        format ??= FlowOutputFormats.Json;
        if (!FlowOutputFormats.TryCreate(format, out _))
        {
            throw new DecodeUsageException($"unknown --format '{format}'; expected one of: {string.Join(", ", FlowOutputFormats.Names)}");
        }

        if (deadLetterPath is { Length: 0 })
        {
            throw new DecodeUsageException("--dead-letter needs a file path");
        }

        return new DecodeSettings(LoadFormats(logFormat, formatsPath), format, deadLetterPath, inputs);
    }

    /// <summary>The formats of --log-format or --formats (the v2 default without either); also used by <c>redrive</c>.</summary>
    internal static FormatMap LoadFormats(string? logFormat, string? formatsPath)
    {
        try
        {
            if (logFormat is not null)
            {
                return FormatMap.Single(FlowLogFormat.Parse(logFormat));
            }

            if (formatsPath is not null)
            {
                // One log group's format that cannot be parsed dead-letters that group's records; the others decode.
                return FormatMap.FromJson(File.ReadAllBytes(formatsPath), keepBadEntries: true);
            }

            return FormatMap.Default;
        }
        catch (FlowLogFormatException e)
        {
            throw new DecodeUsageException(logFormat is not null ? $"--log-format: {e.Message}" : $"--formats {formatsPath}: {e.Message}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DecodeUsageException($"--formats: cannot read '{formatsPath}': {e.Message}", e);
        }
    }
}
