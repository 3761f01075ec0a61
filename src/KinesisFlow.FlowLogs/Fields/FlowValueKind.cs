namespace KinesisFlow.FlowLogs;

/// <summary>How a field's value is typed: AWS writes numbers as decimal digits and everything else verbatim.</summary>
public enum FlowValueKind
{
    /// <summary>An identifier or label, kept exactly as written (account ids keep their leading zeros).</summary>
    String,

    /// <summary>A non-negative integer that fits 32 bits (ports, protocol, tcp-flags, ...).</summary>
    Int32,

    /// <summary>A non-negative integer that needs 64 bits (packets, bytes, start, end, ...).</summary>
    Int64,
}
