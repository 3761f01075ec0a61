using System.CommandLine;

namespace KinesisFlow.Cli;

/// <summary>
/// <c>kinesisflow probe</c>: asks a running consumer's readiness endpoint whether it is ready, and says so by its exit
/// code (0 ready, 1 not); <c>probe --live</c> asks the liveness endpoint instead. The liveness form is the container
/// image's health check: the chiseled image has no shell and no curl, so the executable probes itself, and a container
/// must only be replaced when the process is wedged — a SIEM outage makes it unready, and restarting it helps nothing.
/// </summary>
internal static class ProbeCommand
{
    public const string DefaultUrl = "http://127.0.0.1:9464/health/ready";

    /// <summary>The liveness path <c>--live</c> asks for, on the host and port of <c>--url</c>.</summary>
    public const string LivenessPath = "/health/live";

    public static Command Create()
    {
        var url = new Option<Uri>("--url")
        {
            Description = "The endpoint to ask (the consumer's --http-listen address, path /health/ready or /health/live).",
            HelpName = "URL",
            DefaultValueFactory = _ => new Uri(DefaultUrl),
            CustomParser = HttpUrlOption.Parse,
        };
        var timeout = new Option<double>("--timeout-seconds")
        {
            Description = "Give up, and report not ready, after this many seconds.",
            HelpName = "SECONDS",
            DefaultValueFactory = _ => 3,
        };
        timeout.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is not (> 0 and <= 300))
            {
                result.AddError("--timeout-seconds must be greater than 0 and at most 300.");
            }
        });
        var live = new Option<bool>("--live")
        {
            Description = $"Ask the liveness endpoint ({LivenessPath}, on the host and port of --url) instead: the container health check, which must not fail while only a sink is down.",
        };
        var command = new Command("probe", "Exit 0 if a consumer's health endpoint answers 2xx, else 1.")
        {
            url,
            timeout,
            live,
        };
        command.WithExamples(
            new("Is the consumer on this host ready (sinks reachable, leases renewed)?", "kinesisflow probe"),
            new("The container health check: is the process alive, whatever the sinks say?", "kinesisflow probe --live --url http://127.0.0.1:9464/health/live"));
        command.SetAction((parseResult, cancellationToken) => ProbeAsync(
            parseResult.GetValue(live) ? new UriBuilder(parseResult.GetRequiredValue(url)) { Path = LivenessPath, Query = string.Empty }.Uri : parseResult.GetRequiredValue(url),
            TimeSpan.FromSeconds(parseResult.GetValue(timeout)),
            parseResult.InvocationConfiguration.Output,
            cancellationToken));
        return command;
    }

    private static async Task<int> ProbeAsync(Uri url, TimeSpan timeout, TextWriter output, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = timeout };
        try
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            await output.WriteLineAsync($"{url} answered {(int)response.StatusCode} {response.ReasonPhrase}");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            await output.WriteLineAsync($"{url} did not answer: {e.Message}");
            return 1;
        }
    }
}
