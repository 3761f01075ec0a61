using System.Text.Json;
using KinesisFlow.Cli;
using KinesisFlow.Cli.Tests;
using KinesisFlow.Infra.Tests.CloudFormation;

namespace KinesisFlow.Infra.Tests.Docs;

/// <summary>
/// Every command the docs show is checked against the real thing: `kinesisflow` command lines (also through
/// `dotnet run --project src/KinesisFlow --` and `docker run ... kinesisflow`) parse against the real command tree,
/// `aws cloudformation deploy` names a real template, only its parameters and every required one, exported
/// KINESISFLOW__ variables and appsettings.json samples name real settings.
/// </summary>
public sealed class DocSampleTests
{
    public static TheoryData<string> ShellSamples => [.. DocSamples.All("sh").Select(s => s.ToString())];

    public static TheoryData<string> HelpExamples =>
        [.. CommandTree.Commands().SelectMany(c => CommandExamples.Of(c.Command)).Select(e => e.CommandLine).Distinct()];

    [Fact]
    public void The_docs_show_commands_for_every_tool_checked_here()
    {
        var commands = DocSamples.All("sh").SelectMany(s => ShellWords.Commands(s.Code)).Select(ShellWords.Split).ToList();
        Assert.Contains(commands, c => c is ["kinesisflow", "subscribe", ..]);
        Assert.Contains(commands, c => c is ["kinesisflow", "run", ..]);
        Assert.Contains(commands, c => c is ["aws", "cloudformation", "deploy", ..]);
        Assert.Contains(commands, c => c is ["docker", "run", ..]);
        Assert.Contains(commands, c => c is ["dotnet", "run", ..]);
    }

    [Theory]
    [MemberData(nameof(ShellSamples))]
    public void Shell_sample_is_valid(string where)
    {
        var sample = DocSamples.All("sh").Single(s => s.ToString() == where);
        foreach (var command in ShellWords.Commands(sample.Code))
        {
            // A synopsis shows optional parts in brackets: check them too, as if given.
            var words = ShellWords.Split(command).Select(w => w.Trim('[', ']')).Where(w => w.Length > 0).ToList();
            var problems = words switch
            {
                ["kinesisflow", .. var args] => CommandTree.ErrorsOf(args),
                ["dotnet", "run", "--project", "src/KinesisFlow", "--", .. var args] => CommandTree.ErrorsOf(args),
                ["docker", "run", .. var args] => DockerRun([.. args]),
                ["aws", "cloudformation", "deploy", .. var args] => CloudFormationDeploy([.. args]),
                ["export", var assignment] => Export(assignment),
                _ => [],
            };
            Assert.True(problems.Count == 0, $"{where}: {command}\n  {string.Join("\n  ", problems)}");
        }
    }

    [Theory]
    [MemberData(nameof(HelpExamples))]
    public void Help_example_is_valid(string commandLine)
    {
        var words = ShellWords.Split(commandLine);

        Assert.Equal("kinesisflow", words[0]);
        var problems = CommandTree.ErrorsOf(words[1..]);
        Assert.True(problems.Count == 0, $"{commandLine}\n  {string.Join("\n  ", problems)}");
    }

    [Fact]
    public void Json_samples_with_settings_name_real_settings()
    {
        var checkedSamples = 0;
        foreach (var sample in DocSamples.All("json"))
        {
            using var document = JsonDocument.Parse(sample.Code);
            if (!document.RootElement.TryGetProperty("KinesisFlow", out var root))
            {
                continue;
            }

            checkedSamples++;
            foreach (var key in Leaves(root, "KinesisFlow"))
            {
                Assert.True(ConfigurationCatalog.Knows(key), $"{sample}: {key} is not a setting");
            }
        }

        Assert.True(checkedSamples > 0, "no appsettings.json sample found in the docs");
    }

    private static List<string> DockerRun(string[] args)
    {
        // docker run [options] IMAGE [ARGS]: the ARGS follow the image's ENTRYPOINT, kinesisflow run.
        var valued = new HashSet<string> { "-e", "--env", "-p", "--publish", "--tmpfs", "-v", "--volume", "--name", "--network", "--env-file", "--user", "-u", "--memory", "--cpus" };
        var problems = new List<string>();
        var i = 0;
        while (i < args.Length && args[i].StartsWith('-'))
        {
            if (args[i] is "-e" or "--env" && i + 1 < args.Length)
            {
                problems.AddRange(Export(args[i + 1]));
            }

            i += valued.Contains(args[i]) ? 2 : 1;
        }

        if (i >= args.Length || !args[i].StartsWith("kinesisflow", StringComparison.Ordinal))
        {
            return [.. problems, "docker run of something other than the kinesisflow image"];
        }

        return [.. problems, .. CommandTree.ErrorsOf(["run", .. args[(i + 1)..]])];
    }

    private static List<string> CloudFormationDeploy(string[] args)
    {
        var templateFile = Value(args, "--template-file");
        if (templateFile is null || !File.Exists(RepositoryRoot.File(templateFile)))
        {
            return [$"--template-file {templateFile} is not a template of this repository"];
        }

        var template = Templates.Load(Path.GetFileName(templateFile));
        var overrides = args.SkipWhile(a => a != "--parameter-overrides").Skip(1).TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal))
            .Select(a => a.Split('=', 2)[0]).ToList();
        var problems = overrides.Where(p => !template.Parameters.ContainsKey(p)).Select(p => $"{templateFile} has no parameter {p}").ToList();
        problems.AddRange(TemplateStructureTests.RequiredParameterStandIns(template).Keys.Where(p => !overrides.Contains(p)).Select(p => $"{templateFile} needs {p}"));
        if (template.Resources.Values.Cast<Dictionary<string, object?>>().Any(r => (r["Type"] as string)?.StartsWith("AWS::IAM::", StringComparison.Ordinal) == true)
            && Value(args, "--capabilities") is null)
        {
            problems.Add($"{templateFile} creates IAM roles: --capabilities CAPABILITY_IAM (or CAPABILITY_NAMED_IAM) is needed");
        }

        return problems;
    }

    private static List<string> Export(string assignment)
    {
        var name = assignment.Split('=', 2)[0];
        return !name.StartsWith("KINESISFLOW__", StringComparison.Ordinal) || ConfigurationCatalog.Knows(name.Replace("__", ":", StringComparison.Ordinal))
            ? []
            : [$"{name} is not a setting"];
    }

    private static string? Value(string[] args, string option)
    {
        var index = Array.IndexOf(args, option);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private static IEnumerable<string> Leaves(JsonElement element, string prefix) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Leaves(p.Value, $"{prefix}:{p.Name}")),
        JsonValueKind.Array => element.EnumerateArray().Select((item, index) => $"{prefix}:{index}"),
        _ => [prefix],
    };
}
