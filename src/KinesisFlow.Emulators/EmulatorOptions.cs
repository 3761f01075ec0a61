namespace KinesisFlow.Emulators;

/// <summary>Settings every emulator shares: where the npm packages live and how long to wait for them.</summary>
public abstract record EmulatorOptions
{
    /// <summary>
    /// Folder holding package.json, package-lock.json and launch.js. Null: the environment variable
    /// KINESISFLOW_EMULATORS_DIR, else tests/emulators of the checkout this code runs from.
    /// </summary>
    public string? EmulatorsDirectory { get; init; }

    /// <summary>The node executable. Null: the environment variable KINESISFLOW_NODE, else "node" from PATH.</summary>
    public string? NodePath { get; init; }

    /// <summary>How long the process may take, once started, to answer its first request.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long `npm ci` may take when the packages are missing or stale (waiting for another process's install included).</summary>
    public TimeSpan InstallTimeout { get; init; } = DefaultInstallTimeout;

    /// <summary>Five minutes: a cold `npm ci` of the three packages (about 40 MB) on a slow CI network.</summary>
    public static TimeSpan DefaultInstallTimeout { get; } = TimeSpan.FromMinutes(5);
}
