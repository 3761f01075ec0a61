using System.CommandLine;

namespace KinesisFlow.Cli;

/// <summary>Every subcommand of <c>kinesisflow</c>, in the order `--help` lists them.</summary>
internal static class CommandCatalog
{
    /// <summary>The whole command tree, as the executable parses it; help ends with each command's examples.</summary>
    public static RootCommand Root()
    {
        var root = new RootCommand("KinesisFlow: consume AWS VPC Flow Logs delivered through Kinesis.");
        foreach (var command in All())
        {
            root.Subcommands.Add(command);
        }

        root.WithExamples(
            new("Try the whole pipeline on this machine, no AWS account needed", "kinesisflow demo"),
            new("Decode a get-records dump into NDJSON", "kinesisflow decode --format ecs records.json"),
            new("Consume a stream into a file", "kinesisflow run --stream flow-logs --region eu-west-1 --sink file:/var/log/flows.ndjson"));
        CommandExamples.ShowInHelp(root);
        return root;
    }

    public static IEnumerable<Command> All()
    {
        // One line per command; each command's file builds it (DecodeCommand.Create(), RunCommand.Create(), ...).
        yield return DecodeCommand.Create();
        yield return RedriveCommand.Create();
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
