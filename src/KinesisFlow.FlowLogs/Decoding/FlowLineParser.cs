namespace KinesisFlow.FlowLogs;

/// <summary>
/// Splits a flow line into its fields over UTF-8 bytes and validates the numeric ones. A run of spaces counts as
/// one separator (AWS never writes an empty field; copies of records sometimes carry double spaces).
/// </summary>
internal static class FlowLineParser
{
    /// <summary>The line without leading/trailing spaces and line breaks.</summary>
    public static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> message) => message.Trim(" \r\n"u8);

    /// <summary>
    /// Fills <paramref name="tokens"/> and <paramref name="numbers"/> (by position). On failure returns the reason,
    /// the 1-based position of the field to blame (0 for a field count mismatch) and a message.
    /// </summary>
    public static DeadLetterReason? Parse(
        ReadOnlySpan<byte> line,
        FlowLogFormat format,
        Span<TokenRange> tokens,
        Span<long> numbers,
        out int fieldPosition,
        out string? error)
    {
        var kinds = format.Kinds;
        var expected = kinds.Length;
        var count = 0;
        var position = 0;
        var badNumber = -1;
        while (position < line.Length)
        {
            if (line[position] == (byte)' ')
            {
                position++;
                continue;
            }

            var length = line[position..].IndexOf((byte)' ');
            if (length < 0)
            {
                length = line.Length - position;
            }

            if (count < expected)
            {
                tokens[count] = new TokenRange(position, length);
                if (kinds[count] != FlowValueKind.String
                    && !TryParseNumber(line.Slice(position, length), kinds[count], out numbers[count])
                    && badNumber < 0)
                {
                    badNumber = count;
                }
            }

            count++;
            position += length;
        }

        // A wrong field count explains a bad "number" too (the fields are shifted), so it is reported first.
        if (count != expected)
        {
            fieldPosition = 0;
            error = $"line has {count} fields, format expects {expected}";
            return DeadLetterReason.WrongFieldCount;
        }

        if (badNumber >= 0)
        {
            fieldPosition = badNumber + 1;
            var token = tokens[badNumber];
            var name = FlowFields.Info(format.Fields[badNumber]).AwsName;
            error = $"field {fieldPosition} ({name}) is not a valid {Describe(kinds[badNumber])}: '{Preview(line.Slice(token.Start, token.Length))}'";
            return DeadLetterReason.BadNumber;
        }

        fieldPosition = 0;
        error = null;
        return null;
    }

    // Decimal digits only: AWS writes no sign, no exponent, no separators. "-" means no value (stored as 0).
    private static bool TryParseNumber(ReadOnlySpan<byte> token, FlowValueKind kind, out long value)
    {
        value = 0;
        if (token.Length == 1 && token[0] == (byte)'-')
        {
            return true;
        }

        var max = kind == FlowValueKind.Int32 ? int.MaxValue : long.MaxValue;
        foreach (var b in token)
        {
            var digit = (uint)(b - '0');
            if (digit > 9 || value > (max - digit) / 10)
            {
                return false;
            }

            value = (value * 10) + digit;
        }

        return true;
    }

    private static string Describe(FlowValueKind kind) => kind == FlowValueKind.Int32 ? "32-bit integer" : "64-bit integer";

    private static string Preview(ReadOnlySpan<byte> token) =>
        System.Text.Encoding.UTF8.GetString(token.Length > 40 ? token[..40] : token);
}
