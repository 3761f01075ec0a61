namespace KinesisFlow.Sinks.Tests;

public sealed class SinkSpecTests
{
    [Theory]
    [InlineData("stdout", SinkKind.Stdout, null, "json")]
    [InlineData("stdout+ecs", SinkKind.Stdout, null, "ecs")]
    [InlineData("file:out/flows.ndjson", SinkKind.File, "out/flows.ndjson", "json")]
    [InlineData("file+ocsf:C:\\logs\\f.ndjson", SinkKind.File, "C:\\logs\\f.ndjson", "ocsf")]
    [InlineData("http:https://example.com/ingest?x=1", SinkKind.Http, "https://example.com/ingest?x=1", "json")]
    [InlineData("http+raw:http://127.0.0.1:8080/", SinkKind.Http, "http://127.0.0.1:8080/", "raw")]
    [InlineData("sekoia", SinkKind.Sekoia, null, "sekoia")]
    [InlineData("sekoia:fra2", SinkKind.Sekoia, "fra2", "sekoia")]
    [InlineData("sekoia+json:https://intake.example.org/", SinkKind.Sekoia, "https://intake.example.org/", "json")]
    public void Valid_specs_parse(string text, SinkKind kind, string? target, string format)
    {
        var spec = SinkSpec.Parse(text);

        Assert.Equal(new SinkSpec(kind, target, format), spec);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("kafka:broker", "unknown kind 'kafka'")]
    [InlineData("stdout+xml", "unknown output format 'xml'")]
    [InlineData("stdout:x", "takes no target")]
    [InlineData("file:", "needs a path")]
    [InlineData("http:ftp://example.com/", "absolute http:// or https:// URL")]
    [InlineData("http:/relative", "absolute http:// or https:// URL")]
    [InlineData("sekoia:mars1", "neither an http(s) URL nor a SEKOIA.IO region")]
    public void Invalid_specs_say_what_is_wrong(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => SinkSpec.Parse(text));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "https://intake.sekoia.io/plain/batch")]
    [InlineData("fra1", "https://intake.sekoia.io/plain/batch")]
    [InlineData("FRA2", "https://fra2.app.sekoia.io/api/v1/intake-http/plain/batch")]
    [InlineData("mco1", "https://mco1.app.sekoia.io/api/v1/intake-http/plain/batch")]
    [InlineData("uae1", "https://app.uae1.sekoia.io/api/v1/intake-http/plain/batch")]
    [InlineData("usa1", "https://app.usa1.sekoia.io/api/v1/intake-http/plain/batch")]
    [InlineData("https://proxy.example.org/sekoia", "https://proxy.example.org/sekoia/plain/batch")]
    public void Sekoia_targets_resolve_to_documented_intakes(string? target, string plainBatch)
    {
        Assert.Equal(plainBatch, new Uri(SekoiaRegions.Resolve(target), "plain/batch").ToString());
    }
}
