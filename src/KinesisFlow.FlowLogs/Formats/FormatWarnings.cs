namespace KinesisFlow.FlowLogs;

/// <summary>
/// What an operator should hear once about a format map: each field name this version does not know (its values
/// are kept as strings), and each log group whose format could not be parsed (its records are dead-lettered).
/// Shared by <c>decode</c> (stderr) and <c>run</c> (the log) so both say the same.
/// </summary>
public static class FormatWarnings
{
    /// <summary>One line per unknown field name (across every format of the map) and per unusable entry, in map order.</summary>
    public static IReadOnlyList<string> Describe(FormatMap formats, ISet<string>? alreadyWarned = null)
    {
        ArgumentNullException.ThrowIfNull(formats);
        alreadyWarned ??= new HashSet<string>(StringComparer.Ordinal);
        var warnings = new List<string>();
        foreach (var entry in formats.AllEntries)
        {
            if (entry.Format is null)
            {
                if (alreadyWarned.Add("problem:" + entry.Pattern))
                {
                    warnings.Add($"{entry.Problem} Its records are dead-lettered (unusable_format).");
                }
            }
            else
            {
                AddUnknownFields(entry.Format, entry.Pattern, alreadyWarned, warnings);
            }
        }

        AddUnknownFields(formats.Fallback, null, alreadyWarned, warnings);
        return warnings;
    }

    /// <summary>The warning for one field name this version does not know, as found in the format of <paramref name="logGroup"/>.</summary>
    public static string UnknownField(string name, string? logGroup) =>
        $"flow log field '{name}'{(logGroup is null ? string.Empty : $" (format for log group '{logGroup}')")} is not known to this version; "
        + $"its values are kept as strings under '{name.Replace('-', '_')}'.";

    private static void AddUnknownFields(FlowLogFormat format, string? logGroup, ISet<string> alreadyWarned, List<string> warnings)
    {
        foreach (var name in format.UnknownFields)
        {
            if (alreadyWarned.Add("field:" + name))
            {
                warnings.Add(UnknownField(name, logGroup));
            }
        }
    }
}
