namespace KinesisFlow.FlowLogs;

/// <summary>Where one field sits in its line (offsets, so the table is reused from line to line).</summary>
internal readonly record struct TokenRange(int Start, int Length);
