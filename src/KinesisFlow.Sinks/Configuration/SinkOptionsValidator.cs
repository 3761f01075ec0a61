using Microsoft.Extensions.Options;

namespace KinesisFlow.Sinks;

/// <summary>Checks the <c>KinesisFlow:Sinks</c> section at start-up; every message names the setting at fault.</summary>
internal sealed class SinkOptionsValidator : IValidateOptions<SinkOptions>
{
    public ValidateOptionsResult Validate(string? name, SinkOptions options)
    {
        var failures = new List<string>();
        var specs = new List<SinkSpec>();
        foreach (var spec in options.Specs)
        {
            if (SinkSpec.TryParse(spec, out var parsed, out var error))
            {
                specs.Add(parsed);
            }
            else
            {
                failures.Add($"{SinkOptions.SectionName}:Specs (--sink): {error}");
            }
        }

        CheckRotation(failures, $"{SinkOptions.SectionName}:File", options.File);
        CheckRotation(failures, $"{SinkOptions.SectionName}:DeadLetter:Rotation", options.DeadLetter.Rotation);
        if (string.IsNullOrWhiteSpace(options.DeadLetter.Path))
        {
            failures.Add($"{SinkOptions.SectionName}:DeadLetter:Path must name a file.");
        }

        CheckFilePaths(failures, specs, options.DeadLetter.Path);
        if (failures.Count == 0)
        {
            CheckFilesWritable(failures, specs, options.DeadLetter.Path);
        }

        if (specs.Exists(spec => spec.Kind == SinkKind.Http))
        {
            CheckHttp(failures, options.Http, specs);
        }

        if (specs.Exists(spec => spec.Kind == SinkKind.Sekoia))
        {
            CheckSekoia(failures, options.Sekoia);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // Two appenders on one file would interleave and rotate each other's data away.
    private static void CheckFilePaths(List<string> failures, List<SinkSpec> specs, string deadLetterPath)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (!string.IsNullOrWhiteSpace(deadLetterPath))
        {
            seen.Add(Path.GetFullPath(deadLetterPath));
        }

        foreach (var spec in specs)
        {
            if (spec.Kind == SinkKind.File && !seen.Add(Path.GetFullPath(spec.Target!)))
            {
                failures.Add($"{SinkOptions.SectionName}:Specs (--sink): '{spec.Target}' is used by another file sink or by {SinkOptions.SectionName}:DeadLetter:Path.");
            }
        }
    }

    private static void CheckFilesWritable(List<string> failures, List<SinkSpec> specs, string deadLetterPath)
    {
        foreach (var spec in specs)
        {
            if (spec.Kind == SinkKind.File && FileWriteCheck.Problem(spec.Target!) is { } problem)
            {
                failures.Add($"{SinkOptions.SectionName}:Specs (--sink) {spec.Kind.ToString().ToLowerInvariant()}:{spec.Target}: {problem}.");
            }
        }

        if (FileWriteCheck.Problem(deadLetterPath) is { } deadLetterProblem)
        {
            failures.Add($"{SinkOptions.SectionName}:DeadLetter:Path: {deadLetterProblem}.");
        }
    }

    private static void CheckRotation(List<string> failures, string section, FileRotationOptions rotation)
    {
        if (rotation.MaxFileBytes < 0)
        {
            failures.Add($"{section}:MaxFileBytes must be 0 (no size rotation) or more.");
        }

        if (rotation.RotateEvery < TimeSpan.Zero)
        {
            failures.Add($"{section}:RotateEvery must be zero (no time rotation) or positive.");
        }

        if (rotation.MaxRetainedFiles < 0)
        {
            failures.Add($"{section}:MaxRetainedFiles must be 0 (keep all) or more.");
        }
    }

    private static void CheckHttp(List<string> failures, HttpSinkOptions http, List<SinkSpec> specs)
    {
        const string section = $"{SinkOptions.SectionName}:Http";
        CheckDelivery(failures, section, http);
        if (http.Body is not (HttpBodyKinds.Ndjson or HttpBodyKinds.Array))
        {
            failures.Add($"{section}:Body must be '{HttpBodyKinds.Ndjson}' or '{HttpBodyKinds.Array}', not '{http.Body}'.");
        }
        else if (http.Body == HttpBodyKinds.Array
            && specs.Exists(spec => spec.Kind == SinkKind.Http && spec.Format is OutputFormats.Raw or OutputFormats.Sekoia))
        {
            failures.Add($"{section}:Body 'array' needs a JSON output format; raw lines cannot be array elements (use ndjson).");
        }

        foreach (var header in http.Headers)
        {
            if (string.IsNullOrWhiteSpace(header.Key) || header.Key.AsSpan().IndexOfAny(": \r\n") >= 0 || header.Value.AsSpan().IndexOfAny("\r\n") >= 0)
            {
                // The value is not echoed: headers carry tokens.
                failures.Add($"{section}:Headers: header '{header.Key}' has an invalid name or value.");
            }
        }
    }

    private static void CheckSekoia(List<string> failures, SekoiaSinkOptions sekoia)
    {
        const string section = $"{SinkOptions.SectionName}:Sekoia";
        CheckDelivery(failures, section, sekoia);
        if (string.IsNullOrWhiteSpace(sekoia.IntakeKey))
        {
            failures.Add($"{section}:IntakeKey (or the {SekoiaSinkOptions.IntakeKeyVariable} environment variable) is required by the sekoia sink.");
        }

        if (sekoia.MaxRequestBytes > SekoiaSinkOptions.IntakeMaxRequestBytes)
        {
            failures.Add($"{section}:MaxRequestBytes must stay under SEKOIA.IO's 10 MiB request limit (at most {SekoiaSinkOptions.IntakeMaxRequestBytes}).");
        }

        if (sekoia.MaxEventBytes is <= 0 or > SekoiaSinkOptions.IntakeMaxEventBytes)
        {
            failures.Add($"{section}:MaxEventBytes must be between 1 and {SekoiaSinkOptions.IntakeMaxEventBytes} (SEKOIA.IO's event limit).");
        }
    }

    private static void CheckDelivery(List<string> failures, string section, HttpDeliveryOptions delivery)
    {
        if (delivery.MaxEventsPerRequest <= 0)
        {
            failures.Add($"{section}:MaxEventsPerRequest must be positive.");
        }

        if (delivery.MaxRequestBytes < 1024)
        {
            failures.Add($"{section}:MaxRequestBytes must be at least 1024.");
        }

        if (delivery.Linger < TimeSpan.Zero)
        {
            failures.Add($"{section}:Linger must not be negative.");
        }

        if (delivery.MaxRequestsInFlight is <= 0 or > 256)
        {
            failures.Add($"{section}:MaxRequestsInFlight must be between 1 and 256.");
        }

        if (delivery.RequestTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{section}:RequestTimeout must be positive.");
        }

        if (delivery.RetryBaseDelay <= TimeSpan.Zero || delivery.MaxRetryDelay < delivery.RetryBaseDelay)
        {
            failures.Add($"{section}:RetryBaseDelay must be positive and MaxRetryDelay at least as long.");
        }
    }
}
