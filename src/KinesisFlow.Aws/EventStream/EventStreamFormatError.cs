namespace KinesisFlow.Aws.EventStream;

/// <summary>Why a byte stream is not a valid event stream.</summary>
public enum EventStreamFormatError
{
    /// <summary>The prelude's CRC does not match its two lengths: the lengths cannot be trusted.</summary>
    PreludeChecksumMismatch,

    /// <summary>The message's CRC does not match its bytes.</summary>
    MessageChecksumMismatch,

    /// <summary>The lengths are inconsistent or beyond the limits (<see cref="EventStreamLimits"/>).</summary>
    LengthOutOfRange,

    /// <summary>The stream ended inside a message.</summary>
    Truncated,

    /// <summary>A header runs past the headers section, has an empty name or an unknown type.</summary>
    MalformedHeaders,
}
