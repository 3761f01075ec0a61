using System.CommandLine;

namespace KinesisFlow.Cli;

/// <summary>
/// <c>kinesisflow probe</c>: asks a running consumer's readiness endpoint whether it is ready, and says so by its exit
/// code (0 ready, 1 not). It is the container image's health check: the chiseled image has no shell and no curl, so the
/// executable probes itself.
/// </summary>
internal static class ProbeCommand
{
    public const string DefaultUrl = "http://127.0.0.1:9464/health/ready";

    public static Command Create()
    {
        var url = new Option<Uri>("--url")
        {
            Description = "The endpoint to ask (the consumer's --http-listen address, path /health/ready or /health/live).",
            DefaultValueFactory = _ => new Uri(DefaultUrl),
            CustomParser = HttpUrlOption.Parse,
        };
        var timeout = new Option<double>("--timeout-seconds")
        {
            Description = "Give up, and report not ready, after this many seconds.",
            DefaultValueFactory = _ => 3,
        };
        timeout.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is not (> 0 and <= 300))
            {
                result.AddError("--timeout-seconds must be greater than 0 and at most 300.");
            }
        });
        var command = new Command("probe", "Exit 0 if a running consumer's health endpoint answers 2xx, 1 otherwise (the container health check).")
        {
            url,
            timeout,
        };
        command.SetAction((parseResult, cancellationToken) => ProbeAsync(
            parseResult.GetRequiredValue(url),
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
