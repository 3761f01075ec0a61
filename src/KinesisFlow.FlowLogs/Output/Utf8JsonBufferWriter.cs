using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace KinesisFlow.FlowLogs.Output;

/// <summary>
/// A small forward-only JSON writer straight into an <see cref="IBufferWriter{T}"/> of UTF-8, for the output
/// writers of the hot path. Commas are placed automatically; strings are escaped per RFC 8259 (quote, backslash,
/// control characters) and invalid UTF-8 is replaced by U+FFFD, so the output is always valid JSON.
/// It is much cheaper than <c>Utf8JsonWriter</c> because it does no validation of the document's structure:
/// the caller pairs Start/End calls. Call <see cref="Flush"/> when done.
/// </summary>
public ref struct Utf8JsonBufferWriter
{
    private static readonly SearchValues<byte> Plain = JsonText.PlainBytes;

    private readonly IBufferWriter<byte> _output;
    private Span<byte> _span;
    private int _position;
    private bool _needsComma;

    public Utf8JsonBufferWriter(IBufferWriter<byte> output, int sizeHint = 256)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
        _span = output.GetSpan(sizeHint);
        _position = 0;
        _needsComma = false;
    }

    public void StartObject()
    {
        Separate();
        Ensure(1);
        _span[_position++] = (byte)'{';
        _needsComma = false;
    }

    public void EndObject()
    {
        Ensure(1);
        _span[_position++] = (byte)'}';
        _needsComma = true;
    }

    public void StartArray()
    {
        Separate();
        Ensure(1);
        _span[_position++] = (byte)'[';
        _needsComma = false;
    }

    public void EndArray()
    {
        Ensure(1);
        _span[_position++] = (byte)']';
        _needsComma = true;
    }

    /// <summary>Writes <c>"name":</c>; the name is UTF-8 and escaped like any string.</summary>
    public void PropertyName(ReadOnlySpan<byte> utf8Name)
    {
        Separate();
        Quoted(utf8Name);
        Ensure(1);
        _span[_position++] = (byte)':';
        _needsComma = false;
    }

    /// <summary>Writes a UTF-8 string value, escaped.</summary>
    public void String(ReadOnlySpan<byte> utf8)
    {
        Separate();
        Quoted(utf8);
        _needsComma = true;
    }

    /// <summary>Writes a UTF-16 string value, transcoded and escaped (lone surrogates become U+FFFD).</summary>
    public void String(ReadOnlySpan<char> text)
    {
        Separate();
        Ensure(1);
        _span[_position++] = (byte)'"';
        while (!text.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(text, out var rune, out var consumed) != OperationStatus.Done)
            {
                rune = Rune.ReplacementChar;
            }

            text = text[consumed..];
            if (rune.Value < 0x80)
            {
                Ascii((byte)rune.Value);
            }
            else
            {
                Ensure(4);
                _position += rune.EncodeToUtf8(_span[_position..]);
            }
        }

        Ensure(1);
        _span[_position++] = (byte)'"';
        _needsComma = true;
    }

    public void Number(long value)
    {
        Separate();
        Ensure(20);
        value.TryFormat(_span[_position..], out var written, default, null);
        _position += written;
        _needsComma = true;
    }

    public void Boolean(bool value) => RawValue(value ? "true"u8 : "false"u8);

    public void Null() => RawValue("null"u8);

    /// <summary>Writes an already valid JSON value (number, literal, nested document) as it is.</summary>
    public void RawValue(ReadOnlySpan<byte> json)
    {
        Separate();
        Raw(json);
        _needsComma = true;
    }

    /// <summary>Writes bytes as a base64 JSON string (dead letters carry their original bytes this way).</summary>
    public void Base64String(ReadOnlySpan<byte> data)
    {
        Separate();
        Ensure(Base64.GetMaxEncodedToUtf8Length(data.Length) + 2);
        _span[_position++] = (byte)'"';
        Base64.EncodeToUtf8(data, _span[_position..], out _, out var written);
        _position += written;
        _span[_position++] = (byte)'"';
        _needsComma = true;
    }

    /// <summary>
    /// Writes <paramref name="prefix"/> (plain ASCII) followed by the base64 of <paramref name="data"/> as one JSON
    /// string, e.g. a Community ID (<c>"1:…"</c>); <paramref name="data"/> may live on the caller's stack.
    /// </summary>
    internal void PrefixedBase64String(ReadOnlySpan<byte> prefix, scoped ReadOnlySpan<byte> data)
    {
        Separate();
        Ensure(prefix.Length + Base64.GetMaxEncodedToUtf8Length(data.Length) + 2);
        _span[_position++] = (byte)'"';
        prefix.CopyTo(_span[_position..]);
        _position += prefix.Length;
        Base64.EncodeToUtf8(data, _span[_position..], out _, out var written);
        _position += written;
        _span[_position++] = (byte)'"';
        _needsComma = true;
    }

    public void Property(ReadOnlySpan<byte> utf8Name, ReadOnlySpan<byte> utf8Value)
    {
        PropertyName(utf8Name);
        String(utf8Value);
    }

    public void Property(ReadOnlySpan<byte> utf8Name, string value)
    {
        PropertyName(utf8Name);
        String(value.AsSpan());
    }

    public void Property(ReadOnlySpan<byte> utf8Name, long value)
    {
        PropertyName(utf8Name);
        Number(value);
    }

    /// <summary>Commits what was written to the underlying buffer writer. The writer can go on being used.</summary>
    public void Flush()
    {
        _output.Advance(_position);
        _span = default; // a span obtained before Advance is no longer ours
        _position = 0;
    }

    /// <summary>
    /// Writes a property name that is already quoted, escaped and followed by a colon (<c>"key":</c>): the fast
    /// path for fixed keys such as <see cref="FlowFieldInfo.JsonPropertyUtf8"/>.
    /// </summary>
    internal void EncodedPropertyName(ReadOnlySpan<byte> quotedNameWithColon)
    {
        Separate();
        Raw(quotedNameWithColon);
        _needsComma = false;
    }

    /// <summary>Writes validated decimal digits as a JSON number, dropping leading zeros JSON does not allow.</summary>
    internal void Digits(ReadOnlySpan<byte> digits)
    {
        var zeros = digits.IndexOfAnyExcept((byte)'0');
        RawValue(zeros < 0 ? "0"u8 : digits[zeros..]);
    }

    private void Separate()
    {
        if (_needsComma)
        {
            Ensure(1);
            _span[_position++] = (byte)',';
        }
    }

    private void Raw(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_span[_position..]);
        _position += bytes.Length;
    }

    private void Quoted(ReadOnlySpan<byte> utf8)
    {
        Ensure(utf8.Length + 2);
        _span[_position++] = (byte)'"';
        while (true)
        {
            var plain = utf8.IndexOfAnyExcept(Plain);
            if (plain < 0)
            {
                Raw(utf8);
                break;
            }

            Raw(utf8[..plain]);
            utf8 = utf8[plain..];
            if (utf8[0] < 0x80)
            {
                Ascii(utf8[0]);
                utf8 = utf8[1..];
                continue;
            }

            var status = Rune.DecodeFromUtf8(utf8, out _, out var consumed);
            Raw(status == OperationStatus.Done ? utf8[..consumed] : "\uFFFD"u8);
            utf8 = utf8[consumed..];
        }

        Ensure(1);
        _span[_position++] = (byte)'"';
    }

    // One ASCII character inside a string: as is when plain, else its JSON escape.
    private void Ascii(byte value)
    {
        Ensure(6);
        if (Plain.Contains(value))
        {
            _span[_position++] = value;
            return;
        }

        _span[_position++] = (byte)'\\';
        var shortForm = value switch
        {
            (byte)'"' => (byte)'"',
            (byte)'\\' => (byte)'\\',
            (byte)'\n' => (byte)'n',
            (byte)'\r' => (byte)'r',
            (byte)'\t' => (byte)'t',
            (byte)'\b' => (byte)'b',
            (byte)'\f' => (byte)'f',
            _ => (byte)0,
        };
        if (shortForm != 0)
        {
            _span[_position++] = shortForm;
            return;
        }

        _span[_position++] = (byte)'u';
        _span[_position++] = (byte)'0';
        _span[_position++] = (byte)'0';
        _span[_position++] = (byte)"0123456789abcdef"[value >> 4];
        _span[_position++] = (byte)"0123456789abcdef"[value & 0xF];
    }

    private void Ensure(int size)
    {
        if (_span.Length - _position < size)
        {
            _output.Advance(_position);
            _span = _output.GetSpan(Math.Max(size, 256));
            _position = 0;
        }
    }
}
