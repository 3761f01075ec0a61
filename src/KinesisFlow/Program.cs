using System.CommandLine;
using KinesisFlow.Cli;

// `kinesisflow` — one executable, one subcommand per job. Each command lives in Commands/ and is added here.
var root = CommandCatalog.Root();

var invocation = new InvocationConfiguration
{
    // Ctrl-C / SIGTERM cancel the command's token; System.CommandLine then waits this long before forcing the exit.
    // Its 2 s default would cut `run` and `demo` short while they drain, checkpoint and release leases, so it sits
    // just above the host's shutdown timeout (RunHost.DefaultShutdownTimeout) and the demo's worker stop timeout.
    ProcessTerminationTimeout = RunHost.DefaultShutdownTimeout + TimeSpan.FromSeconds(10),
};
var parseResult = root.Parse(args);
if ((MistypedCommand.Message(root, parseResult, args) ?? UsageError.Message(parseResult)) is { } usage)
{
    await Console.Error.WriteLineAsync(usage);
    return ExitCodes.BadSetting;
}

AwsFlags.ApplyProfile(parseResult);
return await parseResult.InvokeAsync(invocation).ConfigureAwait(false);
