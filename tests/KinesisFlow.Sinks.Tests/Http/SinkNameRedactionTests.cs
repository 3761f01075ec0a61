namespace KinesisFlow.Sinks.Tests.Http;

/// <summary>A sink's name (logs, the sink.name metric attribute, status) never carries the URL's user-info or query.</summary>
public sealed class SinkNameRedactionTests
{
    [Theory]
    [InlineData("http://user:password@siem.example:8080/intake?token=secret", "http:http://siem.example:8080/intake")]
    [InlineData("https://user@siem.example/a/b", "http:https://siem.example/a/b")]
    [InlineData("https://siem.example/", "http:https://siem.example/")]
    public void The_name_keeps_scheme_host_port_and_path_only(string url, string expected)
    {
        var name = HttpSinkProfile.NameFor("http", new Uri(url));

        Assert.Equal(expected, name);
        Assert.DoesNotContain("password", name, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", name, StringComparison.Ordinal);
    }

    [Fact]
    public void A_spec_error_does_not_quote_the_credentials()
    {
        Assert.False(SinkSpec.TryParse("http+nope:https://user:password@siem.example/intake?token=secret", out _, out var error));

        Assert.Contains("https://***@siem.example/intake?...", error, StringComparison.Ordinal);
        Assert.DoesNotContain("password", error, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error, StringComparison.Ordinal);
    }
}
