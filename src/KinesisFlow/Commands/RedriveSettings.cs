using KinesisFlow.Cli.Settings;
using KinesisFlow.FlowLogs;
using KinesisFlow.Sinks;

namespace KinesisFlow.Cli;

/// <summary>The validated options of one <c>redrive</c> run: full paths, sink specs and the formats to decode with.</summary>
internal sealed record RedriveSettings(string Input, IReadOnlyList<string> Sinks, FormatMap Formats, string? DeadLetterPath)
{
    /// <summary>Where progress is kept: beside the input.</summary>
    public string ProgressPath => RedriveProgress.PathOf(Input);

    /// <summary>The new dead-letter file when <c>--dead-letter</c> is not given: beside the input, never the input.</summary>
    public string DefaultDeadLetterPath => Input + ".redrive-failed.ndjson";

    /// <summary>Checks the raw option values; throws <see cref="SettingException"/> with a one-line reason naming the flag.</summary>
    public static RedriveSettings Create(string? input, IReadOnlyList<string> sinks, string? logFormat, string? formatsPath, string? deadLetterPath)
    {
        if (string.IsNullOrEmpty(input))
        {
            throw new SettingException("FILE: no dead-letter file given");
        }

        if (!File.Exists(input))
        {
            throw new SettingException($"FILE: cannot read the dead-letter file '{input}': no such file");
        }

        foreach (var spec in sinks)
        {
            if (!SinkSpec.TryParse(spec, out _, out var error))
            {
                throw new SettingException($"--sink: {error}");
            }
        }

        if (logFormat is not null && formatsPath is not null)
        {
            throw new SettingException("--log-format and --formats cannot be used together");
        }

        if (deadLetterPath is { Length: 0 })
        {
            throw new SettingException("--dead-letter: needs a file path");
        }

        var fullInput = Path.GetFullPath(input);
        var fullDeadLetters = deadLetterPath is null ? null : Path.GetFullPath(deadLetterPath);
        if (fullDeadLetters is not null && (fullDeadLetters == fullInput || fullDeadLetters == RedriveProgress.PathOf(fullInput)))
        {
            throw new SettingException($"--dead-letter: '{deadLetterPath}' is the input or its progress file; what fails again goes to a new file");
        }

        FormatMap formats;
        try
        {
            formats = DecodeSettings.LoadFormats(logFormat, formatsPath);
        }
        catch (DecodeUsageException e)
        {
            throw new SettingException(e.Message, e);
        }

        return new RedriveSettings(fullInput, sinks, formats, fullDeadLetters);
    }
}
