using System.Diagnostics.CodeAnalysis;

namespace KinesisFlow.Sinks;

/// <summary>
/// One parsed <c>--sink</c> value: <c>stdout</c>, <c>file:PATH</c>, <c>http:URL</c>, <c>sekoia</c> or
/// <c>sekoia:URL-or-REGION</c>. The kind may carry an output format after a plus sign (<c>stdout+ecs</c>,
/// <c>file+ocsf:flows.ndjson</c>); without one a sink uses its kind's default (<c>json</c>; <c>sekoia</c> for SEKOIA.IO).
/// </summary>
public sealed record SinkSpec(SinkKind Kind, string? Target, string Format)
{
    /// <summary>The forms a spec can take, for error messages and help text.</summary>
    public const string Usage = "stdout | file:PATH | http:URL | sekoia | sekoia:URL | sekoia:REGION, optionally KIND+FORMAT (e.g. stdout+ecs)";

    /// <summary>Parses a spec or throws <see cref="FormatException"/> with a message that names the problem.</summary>
    public static SinkSpec Parse(string spec) =>
        TryParse(spec, out var parsed, out var error) ? parsed : throw new FormatException(error);

    public static bool TryParse(string? spec, [NotNullWhen(true)] out SinkSpec? parsed, [NotNullWhen(false)] out string? error)
    {
        parsed = null;
        if (string.IsNullOrWhiteSpace(spec))
        {
            error = $"A sink spec is empty; expected {Usage}.";
            return false;
        }

        var colon = spec.IndexOf(':', StringComparison.Ordinal);
        var head = colon < 0 ? spec : spec[..colon];
        var target = colon < 0 ? null : spec[(colon + 1)..];
        var plus = head.IndexOf('+', StringComparison.Ordinal);
        var kindName = plus < 0 ? head : head[..plus];
        var format = plus < 0 ? null : head[(plus + 1)..];

        if (!TryKind(kindName, out var kind))
        {
            error = $"Sink '{Shown(spec)}': unknown kind '{kindName}'; expected {Usage}.";
            return false;
        }

        if (format is not null && !OutputFormats.IsKnown(format))
        {
            error = $"Sink '{Shown(spec)}': unknown output format '{format}'; expected one of {string.Join(", ", OutputFormats.All)}.";
            return false;
        }

        error = TargetError(spec, kind, target);
        if (error is not null)
        {
            return false;
        }

        parsed = new SinkSpec(kind, target, format ?? (kind == SinkKind.Sekoia ? OutputFormats.Sekoia : OutputFormats.Json));
        return true;
    }

    /// <summary>The spec written back in its canonical form (no secrets are ever part of a spec).</summary>
    public override string ToString()
    {
        var kind = Kind.ToString().ToLowerInvariant();
        return Target is null ? $"{kind}+{Format}" : $"{kind}+{Format}:{Target}";
    }

    /// <summary>A spec as messages may quote it: a URL's user-info (<c>user:password@</c>) and query hidden.</summary>
    private static string Shown(string spec)
    {
        var scheme = spec.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0)
        {
            return spec;
        }

        var query = spec.IndexOf('?', scheme);
        var shown = query < 0 ? spec : spec[..query] + "?...";
        var at = shown.IndexOf('@', scheme);
        var pathStart = shown.IndexOf('/', scheme + 3);
        return at >= 0 && (pathStart < 0 || at < pathStart) ? shown[..(scheme + 3)] + "***@" + shown[(at + 1)..] : shown;
    }

    private static bool TryKind(string name, out SinkKind kind)
    {
        switch (name)
        {
            case "stdout": kind = SinkKind.Stdout; return true;
            case "file": kind = SinkKind.File; return true;
            case "http": kind = SinkKind.Http; return true;
            case "sekoia": kind = SinkKind.Sekoia; return true;
            default: kind = default; return false;
        }
    }

    private static string? TargetError(string spec, SinkKind kind, string? target) => kind switch
    {
        SinkKind.Stdout when target is not null => $"Sink '{Shown(spec)}': stdout takes no target.",
        SinkKind.File when string.IsNullOrWhiteSpace(target) => $"Sink '{Shown(spec)}': file needs a path (file:PATH).",
        SinkKind.Http when !HttpUrl.IsValid(target) => $"Sink '{Shown(spec)}': http needs an absolute http:// or https:// URL (http:URL).",
        SinkKind.Sekoia when target is not null && !SekoiaRegions.IsKnown(target) && !HttpUrl.IsValid(target) =>
            $"Sink '{Shown(spec)}': '{target}' is neither an http(s) URL nor a SEKOIA.IO region ({string.Join(", ", SekoiaRegions.Names)}).",
        _ => null,
    };
}
