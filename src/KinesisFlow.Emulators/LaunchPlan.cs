namespace KinesisFlow.Emulators;

/// <summary>What launch.js is asked to start: the emulator, its settings, and the request that proves it is up.</summary>
/// <param name="Kind">Which emulator.</param>
/// <param name="ModuleOptionsJson">JSON options for kinesalite()/dynalite(), or null.</param>
/// <param name="Environment">Extra environment variables (kinesis-mock's settings).</param>
/// <param name="ProbeOperation">The real API call (with an empty body) that must succeed before the emulator counts as started.</param>
internal sealed record LaunchPlan(
    EmulatorKind Kind,
    string? ModuleOptionsJson,
    IReadOnlyDictionary<string, string> Environment,
    string ProbeOperation)
{
    public string LauncherName => Kind switch
    {
        EmulatorKind.KinesisMock => "kinesis-mock",
        EmulatorKind.Kinesalite => "kinesalite",
        EmulatorKind.Dynalite => "dynalite",
        _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "Unknown emulator."),
    };
}
