using KinesisFlow.FlowLogs.Generation;
using KinesisFlow.FlowLogs.Tests.Support;

namespace KinesisFlow.FlowLogs.Tests.Decoding;

/// <summary>
/// A caught-up shard hands its decoder's buffers back to the pool (<see cref="FlowRecordDecoder.ReleaseBuffers"/>) and
/// the decoder rents them again on the next record: what it decodes afterwards must not differ in any way.
/// </summary>
public sealed class ReleaseBuffersTests
{
    [Fact]
    public void A_released_decoder_holds_no_buffer_until_the_next_record()
    {
        using var decoder = new FlowRecordDecoder(FlowLogFormat.DefaultV2);
        Assert.False(decoder.HoldsBuffers);

        decoder.Decode(Records.Data(Line(1)), new DecodeCollector());
        Assert.True(decoder.HoldsBuffers);

        decoder.ReleaseBuffers();
        Assert.False(decoder.HoldsBuffers);
        decoder.ReleaseBuffers();
        Assert.False(decoder.HoldsBuffers);
    }

    [Fact]
    public void Records_decoded_between_releases_come_out_as_from_a_decoder_that_never_released()
    {
        // A small record, one past the first output buffer (about 1.5 MB of envelope), one whose text JSON escaped
        // (the scratch buffer), one that is not gzip (a dead letter), then the small one again.
        var records = new[]
        {
            Records.Data(Line(1), Line(2)),
            new FlowLogGenerator(7, new FlowLogGeneratorOptions { MinEventsPerRecord = 6000, MaxEventsPerRecord = 6000 }).NextRecord().Data,
            Records.FromJsonText("""{"messageType":"DATA_MESSAGE","owner":"1","logGroup":"\/vpc\/escaped","logStream":"s","subscriptionFilters":[],"logEvents":[{"id":"1","timestamp":1,"message":"2 123456789010 eni-1 10.0.0.1 10.0.0.2 443 49152 6 10 840 1 2 ACCEPT OK"}]}"""),
            [1, 2, 3],
            Records.Data(Line(3)),
        };
        using var steady = new FlowRecordDecoder(FlowLogFormat.DefaultV2);
        using var releasing = new FlowRecordDecoder(FlowLogFormat.DefaultV2);
        var expected = new DecodeCollector();
        var actual = new DecodeCollector();

        foreach (var data in records)
        {
            var expectedResult = steady.Decode(data, expected, expected);
            var actualResult = releasing.Decode(data, actual, actual);
            releasing.ReleaseBuffers();

            Assert.Equal(expectedResult, actualResult);
        }

        Assert.True(expected.Lines.Count > 6000);
        Assert.Equal(expected.Outputs, actual.Outputs);
        Assert.Equal(expected.EventIds, actual.EventIds);
        Assert.Equal(expected.DeadLetters.Select(d => (d.Reason, d.Message)), actual.DeadLetters.Select(d => (d.Reason, d.Message)));
        Assert.Single(actual.DeadLetters);
        Assert.Equal(steady.Counts, releasing.Counts);
    }

    private static string Line(int port) => $"2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 {port} 3389 6 20 4249 1418530010 1418530070 ACCEPT OK";
}
