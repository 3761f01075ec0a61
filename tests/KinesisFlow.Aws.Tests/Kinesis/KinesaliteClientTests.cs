using KinesisFlow.TestKit;

namespace KinesisFlow.Aws.Tests.Kinesis;

/// <summary>The polling contract against kinesalite (fast; ignores ListShards paging, which the paging helper survives).</summary>
public sealed class KinesaliteClientTests(KinesaliteFixture kinesalite) : KinesisPollingContract, IClassFixture<KinesaliteFixture>
{
    protected override Uri Endpoint => kinesalite.Endpoint;
}
