using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace KinesisFlow.Emulators;

/// <summary>
/// Starts the local AWS stand-ins pinned in tests/emulators (kinesis-mock, kinesalite, dynalite), each as its own
/// node process on a free 127.0.0.1 port, installing the npm packages first when they are missing or stale.
/// <code>
/// await using var kinesis = await EmulatorHost.StartKinesisMockAsync();
/// // kinesis.Endpoint is e.g. http://127.0.0.1:41234/ ; any credentials and region work.
/// </code>
/// Needs Node.js 20+ and npm on PATH and the KinesisFlow checkout (or KINESISFLOW_EMULATORS_DIR).
/// </summary>
public static class EmulatorHost
{
    /// <summary>Starts kinesis-mock: ListShards paging, resharding, StreamARN, enhanced fan-out over h2c.</summary>
    public static Task<RunningEmulator> StartKinesisMockAsync(
        KinesisMockOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new KinesisMockOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.ShardLimit, nameof(options.ShardLimit));
        var delay = Milliseconds(options.StateTransitionDelay) + "ms";
        var environment = new Dictionary<string, string>
        {
            ["SHARD_LIMIT"] = options.ShardLimit.ToString(CultureInfo.InvariantCulture),
            ["AWS_REGION"] = options.Region,
            ["AWS_ACCOUNT_ID"] = options.AccountId,
            ["LOG_LEVEL"] = options.LogLevel,
            // In memory only: nothing is read from or written to disk.
            ["SHOULD_PERSIST_DATA"] = "false",
            ["LOAD_DATA_IF_EXISTS"] = "false",
        };
        foreach (var setting in new[]
                 {
                     "CREATE_STREAM_DURATION", "DELETE_STREAM_DURATION", "REGISTER_STREAM_CONSUMER_DURATION",
                     "DEREGISTER_STREAM_CONSUMER_DURATION", "START_STREAM_ENCRYPTION_DURATION",
                     "STOP_STREAM_ENCRYPTION_DURATION", "MERGE_SHARDS_DURATION", "SPLIT_SHARD_DURATION",
                     "UPDATE_SHARD_COUNT_DURATION", "UPDATE_STREAM_MODE_DURATION",
                 })
        {
            environment[setting] = delay;
        }

        return EmulatorLauncher.StartAsync(
            new LaunchPlan(EmulatorKind.KinesisMock, null, environment, "ListStreams"), options, cancellationToken);
    }

    /// <summary>Starts kinesalite: fast polling Kinesis (no fan-out, no ListShards paging, no StreamARN).</summary>
    public static Task<RunningEmulator> StartKinesaliteAsync(
        KinesaliteOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new KinesaliteOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.ShardLimit, nameof(options.ShardLimit));
        var delay = Milliseconds(options.StateTransitionDelay);
        return StartModuleAsync(
            EmulatorKind.Kinesalite,
            "ListStreams",
            new Dictionary<string, long>
            {
                ["createStreamMs"] = delay,
                ["deleteStreamMs"] = delay,
                ["updateStreamMs"] = delay,
                ["shardLimit"] = options.ShardLimit,
            },
            options,
            cancellationToken);
    }

    /// <summary>Starts dynalite (DynamoDB). Clients need dummy credentials and, with a service URL, AuthenticationRegion.</summary>
    public static Task<RunningEmulator> StartDynaliteAsync(
        DynaliteOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new DynaliteOptions();
        var delay = Milliseconds(options.StateTransitionDelay);
        return StartModuleAsync(
            EmulatorKind.Dynalite,
            "ListTables",
            new Dictionary<string, long> { ["createTableMs"] = delay, ["deleteTableMs"] = delay, ["updateTableMs"] = delay },
            options,
            cancellationToken);
    }

    /// <summary>Starts <paramref name="kind"/> with its default options.</summary>
    public static Task<RunningEmulator> StartAsync(EmulatorKind kind, CancellationToken cancellationToken = default) => kind switch
    {
        EmulatorKind.KinesisMock => StartKinesisMockAsync(null, cancellationToken),
        EmulatorKind.Kinesalite => StartKinesaliteAsync(null, cancellationToken),
        EmulatorKind.Dynalite => StartDynaliteAsync(null, cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown emulator."),
    };

    /// <summary>
    /// Runs `npm ci` in the emulators folder if its packages are missing or stale (what every Start method does first);
    /// lets a caller such as `demo` say "installing" before a first, slower start.
    /// </summary>
    public static Task EnsureInstalledAsync(string? emulatorsDirectory = null, CancellationToken cancellationToken = default) =>
        NpmPackages.EnsureInstalledAsync(
            EmulatorsFolder.Resolve(emulatorsDirectory), EmulatorOptions.DefaultInstallTimeout, cancellationToken);

    /// <summary>
    /// The emulators folder that Start methods use: <paramref name="explicitDirectory"/>, else KINESISFLOW_EMULATORS_DIR,
    /// else tests/emulators of the checkout found above the application's folder or the current directory.
    /// </summary>
    /// <exception cref="EmulatorStartException">No such folder, or it lacks package.json, package-lock.json or launch.js.</exception>
    public static string FindEmulatorsDirectory(string? explicitDirectory = null) => EmulatorsFolder.Resolve(explicitDirectory);

    // kinesalite and dynalite take their settings as the options object of their module API (launch.js passes it on).
    private static Task<RunningEmulator> StartModuleAsync(
        EmulatorKind kind, string probeOperation, Dictionary<string, long> moduleOptions, EmulatorOptions options, CancellationToken cancellationToken) =>
        EmulatorLauncher.StartAsync(
            new LaunchPlan(kind, ToJson(moduleOptions), new Dictionary<string, string>(), probeOperation),
            options,
            cancellationToken);

    private static string ToJson(Dictionary<string, long> moduleOptions)
    {
        var json = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in moduleOptions)
            {
                writer.WriteNumber(name, value);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(json.WrittenSpan);
    }

    private static long Milliseconds(TimeSpan delay) => (long)Math.Max(0, delay.TotalMilliseconds);
}
