namespace KinesisFlow.Aws.EventStream;

/// <summary>The wire code of a header value's type (the byte after the header's name).</summary>
public enum EventStreamHeaderType : byte
{
    /// <summary>true; no value bytes.</summary>
    BoolTrue = 0,

    /// <summary>false; no value bytes.</summary>
    BoolFalse = 1,

    /// <summary>One signed byte.</summary>
    Byte = 2,

    /// <summary>Two bytes, big-endian.</summary>
    Int16 = 3,

    /// <summary>Four bytes, big-endian.</summary>
    Int32 = 4,

    /// <summary>Eight bytes, big-endian.</summary>
    Int64 = 5,

    /// <summary>Two-byte big-endian length, then the bytes.</summary>
    ByteArray = 6,

    /// <summary>Two-byte big-endian length, then UTF-8.</summary>
    String = 7,

    /// <summary>Eight bytes, big-endian milliseconds since the Unix epoch.</summary>
    Timestamp = 8,

    /// <summary>Sixteen bytes.</summary>
    Uuid = 9,
}
