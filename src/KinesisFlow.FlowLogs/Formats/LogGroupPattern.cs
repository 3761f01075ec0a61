using System.Text;

namespace KinesisFlow.FlowLogs;

/// <summary>
/// A log-group name or glob (<c>*</c> any run of characters, <c>?</c> one character), matched over UTF-8 bytes
/// so that resolving a record's format allocates nothing.
/// </summary>
public sealed class LogGroupPattern
{
    private readonly byte[] _utf8;
    private readonly bool _isGlob;

    public LogGroupPattern(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        Pattern = pattern;
        _utf8 = Encoding.UTF8.GetBytes(pattern);
        _isGlob = pattern.AsSpan().IndexOfAny('*', '?') >= 0;
    }

    public string Pattern { get; }

    public bool IsMatch(string logGroup) => IsMatch(Encoding.UTF8.GetBytes(logGroup));

    public bool IsMatch(ReadOnlySpan<byte> logGroup) => _isGlob ? GlobMatch(_utf8, logGroup) : logGroup.SequenceEqual(_utf8);

    public override string ToString() => Pattern;

    // Classic wildcard matching with one backtrack point (the last '*'): linear in practice, no recursion.
    private static bool GlobMatch(ReadOnlySpan<byte> pattern, ReadOnlySpan<byte> text)
    {
        int p = 0, t = 0, starP = -1, starT = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == (byte)'*')
            {
                starP = p++;
                starT = t;
            }
            else if (p < pattern.Length && pattern[p] == (byte)'?')
            {
                p++;
                t = NextCodePoint(text, t);
            }
            else if (p < pattern.Length && pattern[p] == text[t])
            {
                p++;
                t++;
            }
            else if (starP >= 0)
            {
                p = starP + 1;
                t = starT = NextCodePoint(text, starT);
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == (byte)'*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    // '?' means one character, so skip the UTF-8 continuation bytes (10xxxxxx) of a multi-byte character.
    private static int NextCodePoint(ReadOnlySpan<byte> text, int index)
    {
        index++;
        while (index < text.Length && (text[index] & 0xC0) == 0x80)
        {
            index++;
        }

        return index;
    }
}
