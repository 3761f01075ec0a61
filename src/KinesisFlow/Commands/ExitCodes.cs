namespace KinesisFlow.Cli;

/// <summary>The exit codes every command shares (docs/operations.md lists them).</summary>
internal static class ExitCodes
{
    /// <summary>Done; for <c>run</c>, a graceful stop.</summary>
    public const int Ok = 0;

    /// <summary>A start-up check failed (credentials, stream, table, endpoint), or some input could not be processed.</summary>
    public const int Failed = 1;

    /// <summary>A configuration or usage error: a bad flag or setting, named in the one-line message.</summary>
    public const int BadSetting = 2;

    /// <summary>Stopped by Ctrl-C (128 + SIGINT), as shells report it.</summary>
    public const int Interrupted = 130;
}
