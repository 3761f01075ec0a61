using KinesisFlow.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace KinesisFlow.Cli.Tests.Hosting;

[Collection(OpenTelemetrySdkCollection.Name)]
public sealed class ObservabilityOptionsTests
{
    [Theory]
    [InlineData("localhost:9464", "is not an IP address")]
    [InlineData("127.0.0.1", "is not host:port")]
    [InlineData("127.0.0.1:http", "port")]
    [InlineData("127.0.0.1:70000", "port")]
    [InlineData("::1:9464", "is not host:port")]
    public async Task A_bad_listen_address_stops_the_start_naming_the_setting(string value, string reason)
    {
        using var host = ObservabilityHost.Build(
            new Dictionary<string, string?> { ["KinesisFlow:Observability:HttpListen"] = value }, new FakeTimeProvider());

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("KinesisFlow:Observability:HttpListen (--http-listen)", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("KinesisFlow:Observability:TraceSampleRatio", "1.5", "TraceSampleRatio must be between 0 and 1")]
    [InlineData("KinesisFlow:Observability:Readiness:SinkFailureThreshold", "0", "SinkFailureThreshold must be at least 1")]
    [InlineData("KinesisFlow:Observability:Readiness:RenewalStaleAfter", "00:00:00", "RenewalStaleAfter must be positive")]
    public async Task Other_bad_settings_stop_the_start_naming_the_setting(string key, string value, string message)
    {
        using var host = ObservabilityHost.Build(new Dictionary<string, string?> { [key] = value }, new FakeTimeProvider());

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1:9464", "127.0.0.1", 9464)]
    [InlineData("0.0.0.0:0", "0.0.0.0", 0)]
    [InlineData("[::1]:9464", "::1", 9464)]
    [InlineData(" [::]:80 ", "::", 80)]
    public void Listen_addresses_parse(string value, string address, int port)
    {
        Assert.True(HttpListenAddress.TryParse(value, out var endpoint, out var error), error);
        Assert.Equal(address, endpoint.Address.ToString());
        Assert.Equal(port, endpoint.Port);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData("OFF", true)]
    [InlineData("127.0.0.1:9464", false)]
    public void Empty_or_off_turns_the_endpoint_off(string? value, bool off) => Assert.Equal(off, HttpListenAddress.IsOff(value));

    [Theory]
    [InlineData(null, null, null, false)]
    [InlineData("true", null, "0.0.0.0:9464", false)]
    [InlineData("true", "127.0.0.1:9000", "127.0.0.1:9000", false)]
    [InlineData(null, null, null, true)]
    public void Container_and_OTLP_defaults_follow_the_environment(string? inContainer, string? configured, string? expectedListen, bool otlpEndpointSet)
    {
        var settings = new Dictionary<string, string?>
        {
            ["DOTNET_RUNNING_IN_CONTAINER"] = inContainer,
            ["KinesisFlow:Observability:HttpListen"] = configured,
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlpEndpointSet ? "http://127.0.0.1:4317" : null,
        };
        using var host = ObservabilityHost.Build(settings, new FakeTimeProvider());

        var options = host.Services.GetRequiredService<IOptions<ObservabilityOptions>>().Value;

        Assert.Equal(expectedListen, options.HttpListen);
        Assert.Equal(otlpEndpointSet, options.Otlp);
    }

    [Fact]
    public async Task The_endpoint_is_off_unless_asked()
    {
        using var host = ObservabilityHost.Build(new Dictionary<string, string?>(), new FakeTimeProvider());
        await host.StartAsync();

        Assert.Null(host.Services.GetRequiredService<ObservabilityHttpServer>().Address);
        await host.StopAsync();
    }
}
