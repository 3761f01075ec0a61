namespace KinesisFlow.Sinks;

/// <summary>The one rule for sink URLs: absolute, http or https. Plain http only when the URL itself says so.</summary>
internal static class HttpUrl
{
    public static bool IsValid(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
