namespace KinesisFlow.FlowLogs;

/// <summary>
/// A numeric field the line parser validates: its position, and how many digits it may have for the fast check to
/// vouch for it (9 for a 32-bit field, 18 for a 64-bit one: that many digits cannot overflow). Prepared once per
/// format, so that the per-line check reads one entry instead of the field's kind.
/// </summary>
internal readonly record struct NumericCheck(int Position, int MaxDigits)
{
    public const int MaxInt32Digits = 9;
    public const int MaxInt64Digits = 18;

    public static NumericCheck For(int position, FlowValueKind kind) =>
        new(position, kind == FlowValueKind.Int32 ? MaxInt32Digits : MaxInt64Digits);
}
