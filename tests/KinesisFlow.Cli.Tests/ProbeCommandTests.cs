using KinesisFlow.Cli.Tests.Http;
using KinesisFlow.Emulators;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace KinesisFlow.Cli.Tests;

public sealed class ProbeCommandTests
{
    [Theory]
    [InlineData(200, 0)]
    [InlineData(204, 0)]
    [InlineData(503, 1)]
    [InlineData(500, 1)]
    [InlineData(404, 1)]
    public async Task Exit_code_follows_the_status_of_the_readiness_endpoint(int status, int expectedExitCode)
    {
        var asked = new List<string>();
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/health/ready", (HttpContext context) =>
        {
            asked.Add(context.Request.Path);
            return Results.StatusCode(status);
        }));

        var (exitCode, output, _) = await CommandTree.RunAsync("probe", "--url", new Uri(server.Address, "/health/ready").ToString());

        Assert.Equal(expectedExitCode, exitCode);
        Assert.Equal(["/health/ready"], asked);
        Assert.Contains($"answered {status}", output);
    }

    [Theory]
    [InlineData(200, 0)]
    [InlineData(503, 1)]
    public async Task Live_asks_the_liveness_endpoint_on_the_same_host_and_port_whatever_readiness_says(int liveStatus, int expectedExitCode)
    {
        // A SIEM outage: readiness answers 503, and the container health check (probe --live) must still pass.
        var asked = new List<string>();
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/health/ready", (HttpContext context) =>
            {
                asked.Add(context.Request.Path);
                return Results.StatusCode(503);
            });
            app.MapGet("/health/live", (HttpContext context) =>
            {
                asked.Add(context.Request.Path);
                return Results.StatusCode(liveStatus);
            });
        });

        var (exitCode, output, _) = await CommandTree.RunAsync("probe", "--live", "--url", new Uri(server.Address, "/health/ready").ToString());

        Assert.Equal(expectedExitCode, exitCode);
        Assert.Equal(["/health/live"], asked);
        Assert.Contains($"/health/live answered {liveStatus}", output);
    }

    [Fact]
    public async Task A_consumer_that_does_not_listen_is_not_ready()
    {
        var (exitCode, output, error) = await CommandTree.RunAsync("probe", "--url", $"http://127.0.0.1:{FreeLoopbackPort.Pick()}/health/ready");

        Assert.Equal(1, exitCode);
        Assert.True(output.Contains("did not answer", StringComparison.Ordinal), output + error);
    }

    [Fact]
    public void The_default_url_is_the_readiness_endpoint_on_the_container_port()
    {
        Assert.Equal("http://127.0.0.1:9464/health/ready", KinesisFlow.Cli.ProbeCommand.DefaultUrl);
        Assert.Empty(CommandTree.ErrorsOf(["probe"]));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("301")]
    public void A_timeout_out_of_range_is_refused_with_its_name(string seconds)
    {
        var errors = CommandTree.ErrorsOf(["probe", "--timeout-seconds", seconds]);
        Assert.Contains(errors, e => e.Contains("--timeout-seconds", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://127.0.0.1/health/ready")]
    public void A_url_that_is_not_http_is_refused_with_its_name(string url)
    {
        var errors = CommandTree.ErrorsOf(["probe", "--url", url]);
        Assert.Contains(errors, e => e.StartsWith("--url: ", StringComparison.Ordinal));
    }
}
