using System.CommandLine;
using KinesisFlow.Cli;

// `kinesisflow` — one executable, one subcommand per job. Each command lives in Commands/ and is added here.
var root = new RootCommand("KinesisFlow: consume AWS VPC Flow Logs delivered through Kinesis.");
foreach (var command in CommandCatalog.All())
{
    root.Subcommands.Add(command);
}

return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
