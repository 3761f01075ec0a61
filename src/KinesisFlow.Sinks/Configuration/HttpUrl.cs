namespace KinesisFlow.Sinks;

/// <summary>The one rule for sink URLs: absolute, http or https. Plain http only when the URL itself says so.</summary>
internal static class HttpUrl
{
    public static bool IsValid(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    /// <summary>
    /// The URL as it may be shown: scheme, host, port and path, without the user-info (<c>user:password@</c>) and the
    /// query, either of which may carry a credential.
    /// </summary>
    public static string Redacted(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
    }
}
