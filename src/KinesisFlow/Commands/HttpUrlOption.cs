using System.CommandLine;
using System.CommandLine.Parsing;

namespace KinesisFlow.Cli;

/// <summary>An option whose value is an absolute http:// or https:// URL, refused at parse time with the option's name.</summary>
internal static class HttpUrlOption
{
    public static Option<Uri?> Create(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "URL",
        CustomParser = Parse,
    };

    public static Uri? Parse(ArgumentResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = result.Tokens.Single().Value;
        if (Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
        {
            return url;
        }

        result.AddError($"{(result.Parent as OptionResult)?.Option.Name}: '{text}' is not an http:// or https:// URL.");
        return null;
    }
}
