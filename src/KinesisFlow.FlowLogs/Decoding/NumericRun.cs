namespace KinesisFlow.FlowLogs;

/// <summary>
/// Neighbouring numeric fields of a format (srcport to end in the default format: seven in a row), as a slice of its
/// <see cref="NumericCheck"/>s. The line parser checks a run's bytes as one stretch of digits and the spaces between
/// them instead of field by field; a run that is not all digits (a <c>-</c>, a bad value) is then checked field by
/// field. Prepared once per format.
/// </summary>
internal readonly record struct NumericRun(int First, int Count)
{
    /// <summary>The runs of <paramref name="checks"/> (in position order): each a maximal stretch of neighbouring positions.</summary>
    public static NumericRun[] Of(ReadOnlySpan<NumericCheck> checks)
    {
        var runs = new List<NumericRun>();
        var first = 0;
        for (var i = 1; i <= checks.Length; i++)
        {
            if (i == checks.Length || checks[i].Position != checks[i - 1].Position + 1)
            {
                runs.Add(new NumericRun(first, i - first));
                first = i;
            }
        }

        return [.. runs];
    }
}
