using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace KinesisFlow.Hosting;

/// <summary>Parses the <c>--http-listen</c> value: <c>host:port</c>, <c>[ipv6]:port</c>, or <c>off</c>.</summary>
public static class HttpListenAddress
{
    /// <summary>True when <paramref name="value"/> turns the endpoint off (empty or <c>off</c>).</summary>
    public static bool IsOff([NotNullWhen(false)] string? value) =>
        string.IsNullOrWhiteSpace(value) || string.Equals(value.Trim(), "off", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Parses an IP address and port. Host names are refused on purpose: binding to a name is ambiguous (which of its
    /// addresses?) — give <c>127.0.0.1</c>, <c>0.0.0.0</c>, <c>::1</c> or <c>[::]</c>.
    /// </summary>
    public static bool TryParse(string value, [NotNullWhen(true)] out IPEndPoint? endpoint, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(value);
        endpoint = null;
        var text = value.Trim();
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || (text.Contains("::", StringComparison.Ordinal) && !text.StartsWith('[')))
        {
            error = $"'{value}' is not host:port (e.g. 127.0.0.1:{ObservabilityOptions.DefaultPort}, [::1]:{ObservabilityOptions.DefaultPort}, or off)";
            return false;
        }

        var host = text[..colon].Trim('[', ']');
        if (!IPAddress.TryParse(host, out var address))
        {
            error = $"'{host}' in '{value}' is not an IP address (use 127.0.0.1, 0.0.0.0, ::1 or [::])";
            return false;
        }

        if (!int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > IPEndPoint.MaxPort)
        {
            error = $"the port in '{value}' is not a number from 0 to {IPEndPoint.MaxPort}";
            return false;
        }

        endpoint = new IPEndPoint(address, port);
        error = null;
        return true;
    }
}
