using System.Globalization;

namespace KinesisFlow.Consumer.Retrieval;

/// <summary>Where a shard without a checkpoint starts: <c>trim-horizon</c>, <c>latest</c> or <c>at-timestamp:ISO-8601</c>.</summary>
public readonly record struct InitialPosition(InitialPositionKind Kind, DateTimeOffset Timestamp)
{
    public static InitialPosition TrimHorizon => new(InitialPositionKind.TrimHorizon, default);

    public static InitialPosition Latest => new(InitialPositionKind.Latest, default);

    /// <summary>Parses the command-line form; on failure <paramref name="error"/> says what is accepted.</summary>
    public static bool TryParse(string? text, out InitialPosition position, out string? error)
    {
        const string AtTimestamp = "at-timestamp:";
        position = default;
        error = null;
        switch (text?.Trim().ToLowerInvariant())
        {
            case "trim-horizon":
                position = TrimHorizon;
                return true;
            case "latest":
                position = Latest;
                return true;
            case { } value when value.StartsWith(AtTimestamp, StringComparison.Ordinal):
                var stamp = text!.Trim()[AtTimestamp.Length..];
                if (DateTimeOffset.TryParse(stamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
                {
                    position = new InitialPosition(InitialPositionKind.AtTimestamp, at);
                    return true;
                }

                if (double.TryParse(stamp, NumberStyles.Float, CultureInfo.InvariantCulture, out var unixSeconds))
                {
                    position = new InitialPosition(InitialPositionKind.AtTimestamp, DateTimeOffset.FromUnixTimeMilliseconds((long)(unixSeconds * 1000)));
                    return true;
                }

                error = $"'{stamp}' is not a timestamp (ISO 8601, e.g. 2026-11-26T10:00:00Z, or Unix seconds).";
                return false;
            default:
                error = $"'{text}' is not an initial position: use trim-horizon, latest or at-timestamp:2026-11-26T10:00:00Z.";
                return false;
        }
    }

    public override string ToString() => Kind switch
    {
        InitialPositionKind.TrimHorizon => "trim-horizon",
        InitialPositionKind.Latest => "latest",
        _ => $"at-timestamp:{Timestamp.UtcDateTime:O}",
    };
}

public enum InitialPositionKind
{
    TrimHorizon,
    Latest,
    AtTimestamp,
}
