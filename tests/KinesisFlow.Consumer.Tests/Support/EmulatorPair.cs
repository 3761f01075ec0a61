using KinesisFlow.TestKit;

namespace KinesisFlow.Consumer.Tests.Support;

/// <summary>kinesalite (fast Kinesis for volume) and dynalite (the lease table), shared by the end-to-end tests.</summary>
public sealed class KinesaliteAndDynalite : IAsyncLifetime
{
    public KinesaliteFixture Kinesis { get; } = new();

    public DynaliteFixture DynamoDb { get; } = new();

    public async Task InitializeAsync() => await Task.WhenAll(Kinesis.InitializeAsync(), DynamoDb.InitializeAsync());

    public async Task DisposeAsync()
    {
        await Kinesis.DisposeAsync();
        await DynamoDb.DisposeAsync();
    }
}

/// <summary>kinesis-mock (faithful: resharding, ChildShards, fan-out) and dynalite.</summary>
public sealed class KinesisMockAndDynalite : IAsyncLifetime
{
    public KinesisMockFixture Kinesis { get; } = new();

    public DynaliteFixture DynamoDb { get; } = new();

    public async Task InitializeAsync() => await Task.WhenAll(Kinesis.InitializeAsync(), DynamoDb.InitializeAsync());

    public async Task DisposeAsync()
    {
        await Kinesis.DisposeAsync();
        await DynamoDb.DisposeAsync();
    }
}
