namespace KinesisFlow.Aws.EventStream;

/// <summary>A typed header value. Build one with the From* methods; read it with the As* methods, which check the type.</summary>
public readonly struct EventStreamHeaderValue : IEquatable<EventStreamHeaderValue>
{
    private readonly long _number;
    private readonly object? _reference; // string, byte[] or Guid (boxed) depending on Type

    private EventStreamHeaderValue(EventStreamHeaderType type, long number, object? reference)
    {
        Type = type;
        _number = number;
        _reference = reference;
    }

    public EventStreamHeaderType Type { get; }

    public static EventStreamHeaderValue FromBoolean(bool value) =>
        new(value ? EventStreamHeaderType.BoolTrue : EventStreamHeaderType.BoolFalse, 0, null);

    public static EventStreamHeaderValue FromByte(sbyte value) => new(EventStreamHeaderType.Byte, value, null);

    public static EventStreamHeaderValue FromInt16(short value) => new(EventStreamHeaderType.Int16, value, null);

    public static EventStreamHeaderValue FromInt32(int value) => new(EventStreamHeaderType.Int32, value, null);

    public static EventStreamHeaderValue FromInt64(long value) => new(EventStreamHeaderType.Int64, value, null);

    /// <summary>Up to 65,535 bytes (the wire length is two bytes).</summary>
    public static EventStreamHeaderValue FromBytes(ReadOnlySpan<byte> value) =>
        new(EventStreamHeaderType.ByteArray, 0, CheckLength(value.ToArray(), value.Length));

    /// <summary>Up to 65,535 bytes of UTF-8 (the wire length is two bytes).</summary>
    public static EventStreamHeaderValue FromString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(EventStreamHeaderType.String, 0, CheckLength(value, System.Text.Encoding.UTF8.GetByteCount(value)));
    }

    /// <summary>Millisecond precision on the wire; finer parts are dropped.</summary>
    public static EventStreamHeaderValue FromTimestamp(DateTimeOffset value) =>
        new(EventStreamHeaderType.Timestamp, value.ToUnixTimeMilliseconds(), null);

    public static EventStreamHeaderValue FromUuid(Guid value) => new(EventStreamHeaderType.Uuid, 0, value);

    public bool AsBoolean() => Type switch
    {
        EventStreamHeaderType.BoolTrue => true,
        EventStreamHeaderType.BoolFalse => false,
        _ => throw WrongType("a boolean"),
    };

    /// <summary>The value of a Byte, Int16, Int32 or Int64 header.</summary>
    public long AsInt64() => Type is EventStreamHeaderType.Byte or EventStreamHeaderType.Int16
        or EventStreamHeaderType.Int32 or EventStreamHeaderType.Int64
        ? _number
        : throw WrongType("an integer");

    public string AsString() => Type == EventStreamHeaderType.String ? (string)_reference! : throw WrongType("a string");

    public ReadOnlyMemory<byte> AsBytes() =>
        Type == EventStreamHeaderType.ByteArray ? (byte[])_reference! : throw WrongType("a byte array");

    public DateTimeOffset AsTimestamp() => Type == EventStreamHeaderType.Timestamp
        ? DateTimeOffset.FromUnixTimeMilliseconds(_number)
        : throw WrongType("a timestamp");

    public Guid AsUuid() => Type == EventStreamHeaderType.Uuid ? (Guid)_reference! : throw WrongType("a UUID");

    public bool Equals(EventStreamHeaderValue other) =>
        Type == other.Type && _number == other._number && Type switch
        {
            EventStreamHeaderType.ByteArray => ((byte[])_reference!).AsSpan().SequenceEqual((byte[])other._reference!),
            _ => Equals(_reference, other._reference),
        };

    public override bool Equals(object? obj) => obj is EventStreamHeaderValue other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Type, _number, Type == EventStreamHeaderType.ByteArray ? null : _reference);

    public static bool operator ==(EventStreamHeaderValue left, EventStreamHeaderValue right) => left.Equals(right);

    public static bool operator !=(EventStreamHeaderValue left, EventStreamHeaderValue right) => !left.Equals(right);

    public override string ToString() => Type switch
    {
        EventStreamHeaderType.BoolTrue or EventStreamHeaderType.BoolFalse => AsBoolean() ? "true" : "false",
        EventStreamHeaderType.String => AsString(),
        EventStreamHeaderType.ByteArray => Convert.ToBase64String((byte[])_reference!),
        EventStreamHeaderType.Timestamp => AsTimestamp().ToString("O"),
        EventStreamHeaderType.Uuid => AsUuid().ToString(),
        _ => _number.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static T CheckLength<T>(T value, int byteLength) => byteLength <= ushort.MaxValue
        ? value
        : throw new ArgumentException($"A header value holds at most {ushort.MaxValue} bytes; this one has {byteLength}.", nameof(value));

    private InvalidOperationException WrongType(string wanted) =>
        new($"The header value is {Type}, not {wanted}.");
}
