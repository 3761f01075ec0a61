using System.Buffers;

namespace KinesisFlow.FlowLogs.Output;

/// <summary>Which text can go into a JSON string as it is: printable ASCII except the quote and the backslash.</summary>
internal static class JsonText
{
    private const string PlainAscii =
        " !#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~\u007f";

    public static readonly SearchValues<byte> PlainBytes = SearchValues.Create(System.Text.Encoding.ASCII.GetBytes(PlainAscii));

    public static readonly SearchValues<char> PlainChars = SearchValues.Create(PlainAscii);

    public static bool IsPlain(ReadOnlySpan<byte> utf8) => !utf8.ContainsAnyExcept(PlainBytes);

    public static bool IsPlain(string? text) => text is null || !text.AsSpan().ContainsAnyExcept(PlainChars);
}
