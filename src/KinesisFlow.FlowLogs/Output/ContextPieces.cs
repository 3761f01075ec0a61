using System.Text;

namespace KinesisFlow.FlowLogs.Output;

/// <summary>The fixed text of the json output's <c>cloudwatch</c> object, the parts that come before each value.</summary>
internal enum ContextPiece
{
    CloudWatch,
    LogStream,
    Owner,
    EventId,
    Timestamp,
}

/// <summary>
/// The bytes of each <see cref="ContextPiece"/>, each in its own <see cref="FlowOutputPlan.Overcopy"/>-byte slot so
/// that the json writer's plain path copies it with one fixed-size vector move.
/// </summary>
internal static class ContextPieces
{
    private static readonly string[] Texts =
    [
        ",\"cloudwatch\":{\"log_group\":\"",
        "\",\"log_stream\":\"",
        "\",\"owner\":\"",
        "\",\"event_id\":\"",
        "\",\"timestamp\":",
    ];

    private static readonly int[] Lengths = Array.ConvertAll(Texts, text => text.Length);

    /// <summary>All slots, one after the other.</summary>
    public static readonly byte[] Bytes = Build();

    /// <summary>Where <paramref name="piece"/> starts in <see cref="Bytes"/>, and how long it is.</summary>
    public static (int Start, int Length) Slot(ContextPiece piece) => ((int)piece * FlowOutputPlan.Overcopy, Lengths[(int)piece]);

    private static byte[] Build()
    {
        var bytes = new byte[Texts.Length * FlowOutputPlan.Overcopy];
        for (var i = 0; i < Texts.Length; i++)
        {
            Encoding.ASCII.GetBytes(Texts[i], bytes.AsSpan(i * FlowOutputPlan.Overcopy));
        }

        return bytes;
    }
}
