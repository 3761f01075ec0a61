using KinesisFlow.Emulators;

namespace KinesisFlow.TestKit;

/// <summary>
/// dynalite on a free loopback port. An AWSSDK.DynamoDBv2 client needs <see cref="EmulatorCredentials"/>,
/// ServiceURL = <see cref="EmulatorFixture.Endpoint"/> and AuthenticationRegion = <see cref="EmulatorCredentials.Region"/>.
/// </summary>
public sealed class DynaliteFixture : EmulatorFixture
{
    protected override Task<RunningEmulator> StartAsync() => EmulatorHost.StartDynaliteAsync();
}
