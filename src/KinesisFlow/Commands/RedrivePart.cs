using KinesisFlow.Sinks;

namespace KinesisFlow.Cli;

/// <summary>
/// One batch of a <c>redrive</c> batch, for the sinks of one format: <see cref="Ordinals"/> gives, per event of
/// <see cref="Batch"/>, its number in the redrive batch, the same in every format's part.
/// </summary>
internal readonly record struct RedrivePart(string Format, EventBatch Batch, int[] Ordinals);
