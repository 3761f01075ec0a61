using System.CommandLine;

namespace KinesisFlow.Cli;

/// <summary>Every subcommand of <c>kinesisflow</c>, in the order `--help` lists them.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        // One line per command; each command's file builds it (DecodeCommand.Create(), RunCommand.Create(), ...).
        yield return DecodeCommand.Create();
        yield return ProbeCommand.Create();
        yield return StatusCommand.Create();
        yield return SubscribeCommand.Create();
        yield return UnsubscribeCommand.Create();
        yield return DestinationCommand.Create();
        yield return FlowLogsCommand.Create();
        yield return RunCommand.Create();
        yield return ProduceCommand.Create();
        yield return DemoCommand.Create();
    }
}
