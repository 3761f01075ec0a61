using System.Diagnostics;
using KinesisFlow.TestKit;

namespace KinesisFlow.Infra.Tests.Docs;

/// <summary>
/// The shell completion README.md documents, run as each shell runs it against the real executable (a `kinesisflow` on
/// the PATH answering the `[suggest:POSITION]` directive). Bash: the function, sourced in a real bash, fills COMPREPLY.
/// Zsh: a real interactive zsh (driven through zsh/zpty) with compinit and the README's function, given a partial
/// command line and a TAB, completes the word. PowerShell: with pwsh on the machine, TabExpansion2 after the README's
/// Register-ArgumentCompleter; without it, the snippet is checked to make the call System.CommandLine expects, and that
/// very call (with the command text PowerShell passes, trailing blank dropped) is run and filtered as Where-Object does.
/// </summary>
public sealed class ShellCompletionTests : IDisposable
{
    private readonly TempDirectory _bin = new();

    public ShellCompletionTests()
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var wrapper = _bin.File("kinesisflow");
        File.WriteAllText(wrapper, $"#!/bin/sh\nexec '{dotnet}' '{Path.Combine(AppContext.BaseDirectory, "kinesisflow.dll")}' \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>Partial command lines whose last word has one completion, and that completion.</summary>
    public static TheoryData<string, string> UniqueCompletions => new()
    {
        { "kinesisflow st", "status" },
        { "kinesisflow status --stream s --output t", "table" },
        { "kinesisflow decode --format o", "ocsf" },
        { "kinesisflow subscribe --distribution R", "Random" },
        { "kinesisflow run --mode f", "fanout" },
        { "kinesisflow redr", "redrive" },
    };

    [Theory]
    [InlineData(new[] { "kinesisflow", "st" }, new[] { "status" })]
    [InlineData(new[] { "kinesisflow", "status", "--stream", "s", "--output", "" }, new[] { "json", "table" })]
    [InlineData(new[] { "kinesisflow", "decode", "--format", "o" }, new[] { "ocsf" })]
    [InlineData(new[] { "kinesisflow", "subscribe", "--distribution", "" }, new[] { "ByLogStream", "Random" })]
    [InlineData(new[] { "kinesisflow", "run", "--mode", "" }, new[] { "fanout", "polling" })]
    public async Task The_documented_bash_completion_offers_the_candidates(string[] words, string[] expected)
    {
        var function = Snippet("bash", "_kinesisflow_complete");
        var line = string.Join(' ', words);
        var script = $"""
            {function}
            COMP_LINE='{line}'
            COMP_POINT=${"{"}#COMP_LINE{"}"}
            COMP_WORDS=({string.Join(' ', words.Select(w => $"'{w}'"))})
            COMP_CWORD={words.Length - 1}
            _kinesisflow_complete
            printf '%s\n' "${"{"}COMPREPLY[@]{"}"}"
            """;
        var (exitCode, output, error) = await RunAsync("bash", ["-c", script]);

        Assert.True(exitCode == 0, error);
        Assert.Equal(expected, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(UniqueCompletions))]
    public async Task The_documented_zsh_completion_completes_the_word_on_tab(string line, string completion)
    {
        var function = Snippet("zsh", "compdef _kinesisflow kinesisflow");
        Assert.Contains("kinesisflow \"[suggest:${CURSOR}]\" \"${BUFFER}\"", function, StringComparison.Ordinal);
        if (!OnPath("zsh"))
        {
            // No zsh here: the call the function makes, as zsh would make it at the end of the line; zsh keeps the
            // candidates that start with the word.
            Assert.Equal([completion], await SuggestAsync(line, line.Length, ignoreCase: false));
            return;
        }

        var snippet = _bin.File("completion.zsh");
        var buffers = _bin.File("buffers.txt");
        File.WriteAllText(snippet, function);
        File.WriteAllText(_bin.File("drive.zsh"), ZshDriver);
        var (exitCode, _, error) = await RunAsync("zsh", ["-f", _bin.File("drive.zsh"), snippet, buffers, line]);

        Assert.True(exitCode == 0, error);
        var expected = line[..(line.LastIndexOf(' ') + 1)] + completion + " ";
        Assert.Equal([expected], File.ReadAllLines(buffers));
    }

    [Theory]
    [InlineData("kinesisflow st", new[] { "status" })]
    [InlineData("kinesisflow status --stream s --output ", new[] { "json", "table" })]
    [InlineData("kinesisflow decode --format O", new[] { "ocsf" })]
    [InlineData("kinesisflow run --mode ", new[] { "fanout", "polling" })]
    [InlineData("kinesisflow redr", new[] { "redrive" })]
    public async Task The_documented_powershell_completion_offers_the_candidates(string line, string[] expected)
    {
        var script = Snippet("powershell", "Register-ArgumentCompleter");
        Assert.Contains("Register-ArgumentCompleter -Native -CommandName kinesisflow", script, StringComparison.Ordinal);
        Assert.Contains("param($wordToComplete, $commandAst, $cursorPosition)", script, StringComparison.Ordinal);
        Assert.Contains("kinesisflow \"[suggest:$cursorPosition]\" \"$commandAst\"", script, StringComparison.Ordinal);
        Assert.Contains("Where-Object { $_ -like \"$wordToComplete*\" }", script, StringComparison.Ordinal);
        if (!OnPath("pwsh"))
        {
            // No PowerShell here: "$commandAst" is the command's text without a trailing blank, $cursorPosition the
            // cursor's column in the line, and -like compares without case.
            Assert.Equal(expected, await SuggestAsync(line, line.Length, ignoreCase: true));
            return;
        }

        var command = $"{script}\n(TabExpansion2 -inputScript '{line}' -cursorColumn {line.Length}).CompletionMatches | ForEach-Object {{ $_.CompletionText }}";
        var (exitCode, output, error) = await RunAsync("pwsh", ["-NoProfile", "-NonInteractive", "-Command", command]);

        Assert.True(exitCode == 0, error);
        Assert.Equal(expected, output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal));
    }

    public void Dispose() => _bin.Dispose();

    // Starts an interactive zsh on a pseudo-terminal (zsh/zpty) with compinit and the README's function, types each line
    // followed by TAB and Ctrl-X, which a widget binds to writing the edited line to a file, then waits for them.
    private const string ZshDriver = """
        zmodload zsh/zpty
        snippet=$1 buffers=$2; shift 2
        zpty -b shell "ZDOTDIR=/nonexistent zsh -f -i"
        zpty -w shell "autoload -Uz compinit && compinit -u -D"
        zpty -w shell "source ${(q)snippet}"
        zpty -w shell "_dump() { print -r -- \"\$BUFFER\" >> ${(q)buffers}; BUFFER=''; }; zle -N _dump; bindkey '^X' _dump"
        for line in "$@"; do
          zpty -w -n shell "$line"$'\t\x18'
        done
        for i in {1..1200}; do
          [[ -f $buffers && $(wc -l < $buffers) -ge $# ]] && break
          sleep 0.1
        done
        zpty -d shell
        """;

    private static string Snippet(string language, string containing) =>
        DocSamples.Read(RepositoryRoot.File("README.md")).Single(s => s.Language == language && s.Code.Contains(containing, StringComparison.Ordinal)).Code;

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator).Any(dir => File.Exists(Path.Combine(dir, program)));

    /// <summary>What the executable answers to <c>[suggest:POSITION] "LINE"</c> (trailing blank dropped), kept when they start with the last word.</summary>
    private async Task<string[]> SuggestAsync(string line, int position, bool ignoreCase)
    {
        var (exitCode, output, error) = await RunAsync(_bin.File("kinesisflow"), [$"[suggest:{position}]", line.TrimEnd()]);
        Assert.True(exitCode == 0, error);
        var word = line[(line.LastIndexOf(' ') + 1)..];
        var comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(c => c.StartsWith(word, comparison)).Order(StringComparer.Ordinal)];
    }

    private async Task<(int ExitCode, string Output, string Error)> RunAsync(string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["PATH"] = $"{_bin.Path}{Path.PathSeparator}{Environment.GetEnvironmentVariable("PATH")}";
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
