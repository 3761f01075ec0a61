using System.Buffers;
using System.Buffers.Binary;
using System.Text.Unicode;
using KinesisFlow.FlowLogs.Output;

namespace KinesisFlow.FlowLogs;

/// <summary>
/// The fast path of <see cref="EnvelopeReader"/>: a hand-written scan of the plain JSON CloudWatch Logs writes
/// (strings without escapes, integers, arrays of them, objects). It accepts only text that is valid JSON and that
/// <see cref="System.Text.Json.Utf8JsonReader"/> would read to the same result; on anything else (an escape, a
/// fraction, a <c>true</c>, an error of any kind) it gives up and the general reader reads the record from the start,
/// so errors and their messages come from one place.
/// </summary>
internal ref struct EnvelopeScanner
{
    // What ends the scan of a string: its closing quote, or what only the general reader handles
    // (an escape, a control character, which JSON forbids unescaped).
    private static readonly SearchValues<byte> StringStops = SearchValues.Create(
        "\"\\\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000b\f\r\u000e\u000f\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f"u8);

    private readonly ReadOnlySpan<byte> _payload;
    private readonly int _end;
    private int _at;

    public EnvelopeScanner(ReadOnlySpan<byte> payload, int offset, int length)
    {
        _payload = payload;
        _at = offset;
        _end = offset + length;
    }

    /// <summary>True when only white space is left.</summary>
    public bool AtEnd()
    {
        SkipWhiteSpace();
        return _at == _end;
    }

    /// <summary>Consumes <paramref name="token"/> (after white space) when it is next.</summary>
    public bool Take(byte token)
    {
        SkipWhiteSpace();
        if (_at < _end && _payload[_at] == token)
        {
            _at++;
            return true;
        }

        return false;
    }

    /// <summary>True when the next token is a string (nothing is consumed).</summary>
    public bool NextIsString()
    {
        SkipWhiteSpace();
        return _at < _end && _payload[_at] == (byte)'"';
    }

    /// <summary>A string with nothing to unescape, in valid UTF-8; its place in the payload.</summary>
    public bool String(out TextRef text) => String(out text, out _);

    /// <summary>
    /// A string with nothing to unescape, in valid UTF-8; its place in the payload, and whether it is plain
    /// (printable ASCII without quote or backslash: JSON output can copy it as it is).
    /// </summary>
    public bool String(out TextRef text, out bool plain)
    {
        text = default;
        plain = false;
        if (!Take((byte)'"'))
        {
            return false;
        }

        // One pass for the common, plain case; the other stops are told apart only when it is not.
        var rest = _payload[_at.._end];
        var stop = JsonText.IndexOfNotPlain(rest);
        if (stop >= 0 && rest[stop] == (byte)'"')
        {
            plain = true;
        }
        else
        {
            stop = rest.IndexOfAny(StringStops);
            if (stop < 0 || rest[stop] != (byte)'"' || !Utf8.IsValid(rest[..stop]))
            {
                return false;
            }
        }

        text = new TextRef(_at, stop, InScratch: false);
        _at += stop + 1;
        return true;
    }

    /// <summary>A JSON integer of at most 18 digits (so it fits a long); its value and its place in the payload.</summary>
    public bool Integer(out long value, out TextRef text)
    {
        value = 0;
        text = default;
        SkipWhiteSpace();

        // Over a local span and index: a timestamp is 13 digits, read for every event.
        var rest = _payload[_at.._end];
        var at = 0;
        var negative = !rest.IsEmpty && rest[0] == (byte)'-';
        if (negative)
        {
            at++;
        }

        var digitsStart = at;
        long result = 0;
        while (at < rest.Length && (uint)(rest[at] - '0') <= 9)
        {
            if (at - digitsStart == 18)
            {
                return false;
            }

            result = (result * 10) + (rest[at] - '0');
            at++;
        }

        var digits = at - digitsStart;
        if (digits == 0 || (digits > 1 && rest[digitsStart] == (byte)'0'))
        {
            return false;
        }

        // A fraction or an exponent stops the next Take, and with it the scan.
        value = negative ? -result : result;
        text = new TextRef(_at, at, InScratch: false);
        _at += at;
        return true;
    }

    /// <summary>
    /// One <c>logEvents</c> entry exactly as CloudWatch Logs writes it for flow logs,
    /// <c>{"id":"…","timestamp":…,"message":"…"}</c> with no white space, plain id and message and a non-negative
    /// timestamp: fixed compares over one local span instead of reading and matching member names. False, with nothing
    /// consumed, when the entry looks any other way; the caller then reads it member by member, which gives the same
    /// result for this shape.
    /// </summary>
    public bool StandardEvent(out EventSlot slot)
    {
        slot = default;
        var rest = _payload[_at.._end];
        if (!rest.StartsWith("{\"id\":\""u8))
        {
            return false;
        }

        var at = 7;
        var idLength = JsonText.IndexOfNotPlain(rest[at..]);
        if (idLength < 0 || !rest[(at + idLength)..].StartsWith("\",\"timestamp\":"u8))
        {
            return false;
        }

        var id = new TextRef(_at + at, idLength, InScratch: false);
        at += idLength + 14;
        var digitsStart = at;
        long timestamp = 0;
        if (rest.Length - at >= sizeof(ulong) && EightDigits(BinaryPrimitives.ReadUInt64LittleEndian(rest[at..]), out var firstEight))
        {
            timestamp = firstEight;
            at += sizeof(ulong);
        }

        while ((uint)at < (uint)rest.Length && (uint)(rest[at] - '0') <= 9)
        {
            timestamp = (timestamp * 10) + (rest[at] - '0');
            at++;
        }

        // At most 18 digits (no overflow), and no leading zero (then the digits are how the value formats).
        var digits = at - digitsStart;
        if (digits == 0 || digits > 18 || (digits > 1 && rest[digitsStart] == (byte)'0')
            || !rest[at..].StartsWith(",\"message\":\""u8))
        {
            return false;
        }

        at += 12;
        var messageLength = JsonText.IndexOfNotPlain(rest[at..]);
        if (messageLength < 0 || !rest[(at + messageLength)..].StartsWith("\"}"u8))
        {
            return false;
        }

        slot = new EventSlot(
            id,
            timestamp,
            new TextRef(_at + at, messageLength, InScratch: false),
            Plain: true,
            TimestampDigits: new TextRef(_at + digitsStart, digits, InScratch: false));
        _at += at + messageLength + 2;
        return true;
    }

    /// <summary>
    /// Whether the eight bytes of <paramref name="bytes"/> (the first in the low byte) are all ASCII digits, and if so
    /// their value. A timestamp has 13 digits: taking the first eight in three multiplications instead of eight
    /// dependent multiply-adds shortens the per-event chain the digit loop is.
    /// </summary>
    internal static bool EightDigits(ulong bytes, out long value)
    {
        // Every high nibble 3, and no low nibble above 9 (adding 6 would carry into the high nibble).
        const ulong HighNibbles = 0xF0F0F0F0F0F0F0F0, Threes = 0x3030303030303030, Sixes = 0x0606060606060606;
        if ((((bytes & HighNibbles) ^ Threes) | (((bytes + Sixes) & HighNibbles) ^ Threes)) != 0)
        {
            value = 0;
            return false;
        }

        // Pairs, then fours, then the eight: each step combines neighbours with one multiplication.
        var digits = bytes - Threes;
        digits = (digits * 10) + (digits >> 8);
        digits = (((digits & 0x000000FF000000FF) * (100 + (1000000UL << 32)))
            + (((digits >> 16) & 0x000000FF000000FF) * (1 + (10000UL << 32)))) >> 32;
        value = (long)digits;
        return true;
    }

    /// <summary>
    /// <paramref name="text"/> when <paramref name="digits"/> (an integer <see cref="Integer"/> accepted) is written
    /// exactly as formatting its value writes it: not negative (which rules out <c>-0</c>); otherwise nothing.
    /// </summary>
    public static TextRef FormattedDigits(ReadOnlySpan<byte> digits, TextRef text) =>
        !digits.IsEmpty && digits[0] != (byte)'-' ? text : default;

    /// <summary>Skips a value the envelope does not need: a string, an integer, or an array of those.</summary>
    public bool SkipValue()
    {
        if (!Take((byte)'['))
        {
            return SkipScalar();
        }

        if (Take((byte)']'))
        {
            return true;
        }

        do
        {
            if (!SkipScalar())
            {
                return false;
            }
        }
        while (Take((byte)','));

        return Take((byte)']');
    }

    public readonly ReadOnlySpan<byte> Text(TextRef text) => _payload.Slice(text.Start, text.Length);

    private bool SkipScalar() => NextIsString() ? String(out _) : Integer(out _, out _);

    private void SkipWhiteSpace()
    {
        while (_at < _end && _payload[_at] is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t')
        {
            _at++;
        }
    }
}
