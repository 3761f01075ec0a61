using KinesisFlow.Aws;
using KinesisFlow.Emulators;
using Xunit;

namespace KinesisFlow.TestKit;

/// <summary>
/// One emulator for the tests that share this fixture (IClassFixture or a collection fixture): started once, stopped
/// (only it) at the end. Tests isolate themselves by using unique stream/table names (<see cref="UniqueName"/>).
/// </summary>
public abstract class EmulatorFixture : IAsyncLifetime
{
    /// <summary>
    /// Shard limit of the fixtures' Kinesis emulators: streams of every test sharing one emulator count against it,
    /// so it is well above the service's default.
    /// </summary>
    protected const int FixtureShardLimit = 500;

    private RunningEmulator? _emulator;

    /// <summary>The running emulator; throws if the fixture has not been initialised.</summary>
    public RunningEmulator Emulator =>
        _emulator ?? throw new InvalidOperationException($"{GetType().Name} has not been started.");

    /// <summary>The emulator's http://127.0.0.1:PORT/ endpoint: the ServiceUrl for a client.</summary>
    public Uri Endpoint => Emulator.Endpoint;

    /// <summary>Unsigned JSON calls to the emulator for test set-up.</summary>
    public EmulatorApiClient Api => new(Emulator);

    /// <summary>
    /// Client options for this emulator: its endpoint, the dummy <see cref="EmulatorCredentials"/> and region, and a
    /// timeout generous enough for an emulator on a loaded 2-core machine. A fresh object per call, for the caller to adjust.
    /// </summary>
    public AwsClientOptions ClientOptions() => new()
    {
        ServiceUrl = Endpoint,
        Region = EmulatorCredentials.Region,
        AccessKeyId = EmulatorCredentials.AccessKeyId,
        SecretAccessKey = EmulatorCredentials.SecretAccessKey,
        Timeout = TimeSpan.FromSeconds(60),
    };

    /// <summary>A name unique to this call, safe for streams and tables: prefix + 12 hex digits.</summary>
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    public async Task InitializeAsync() => _emulator = await StartAsync();

    public async Task DisposeAsync()
    {
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
    }

    protected abstract Task<RunningEmulator> StartAsync();
}
