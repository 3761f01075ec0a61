using KinesisFlow.Consumer.Retrieval;

namespace KinesisFlow.Consumer.Tests.Retrieval;

public sealed class InitialPositionTests
{
    [Theory]
    [InlineData("trim-horizon", InitialPositionKind.TrimHorizon)]
    [InlineData("TRIM-HORIZON", InitialPositionKind.TrimHorizon)]
    [InlineData(" latest ", InitialPositionKind.Latest)]
    [InlineData("at-timestamp:2026-11-26T10:00:00Z", InitialPositionKind.AtTimestamp)]
    [InlineData("at-timestamp:1795723200", InitialPositionKind.AtTimestamp)]
    public void The_command_line_forms_parse(string text, InitialPositionKind kind)
    {
        Assert.True(InitialPosition.TryParse(text, out var position, out var error), error);
        Assert.Equal(kind, position.Kind);
    }

    [Fact]
    public void A_timestamp_is_read_as_utc_and_written_back_the_same()
    {
        Assert.True(InitialPosition.TryParse("at-timestamp:2026-11-26T10:00:00", out var position, out _));
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero), position.Timestamp);
        Assert.Equal("at-timestamp:2026-11-26T10:00:00.0000000Z", position.ToString());
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795723200), InitialPosition.TryParse("at-timestamp:1795723200", out var unix, out _) ? unix.Timestamp : default);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("oldest")]
    [InlineData("at-timestamp:")]
    [InlineData("at-timestamp:yesterday")]
    public void Anything_else_is_refused_with_a_message_saying_what_is_accepted(string? text)
    {
        Assert.False(InitialPosition.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }
}
