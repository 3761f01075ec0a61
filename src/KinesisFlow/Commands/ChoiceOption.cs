using System.CommandLine;

namespace KinesisFlow.Cli;

/// <summary>
/// An option whose value is one of a few words (<c>--output table|json</c>): the help shows them as its placeholder,
/// shell completion offers them, and a word not among them is a usage error that lists them.
/// </summary>
internal static class ChoiceOption
{
    public static Option<string> Create(string name, string description, string defaultValue, params string[] values)
    {
        var option = new Option<string>(name)
        {
            Description = description,
            HelpName = string.Join('|', values),
            DefaultValueFactory = _ => defaultValue,
        };
        option.CompletionSources.Add(values);
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (!values.Contains(value, StringComparer.Ordinal))
            {
                result.AddError($"{name}: '{value}' is not one of {string.Join(", ", values)}.");
            }
        });
        return option;
    }

    /// <summary>Shell completion offers <paramref name="values"/> for <paramref name="option"/> (which checks its values itself).</summary>
    public static Option<T> Offering<T>(this Option<T> option, params string[] values)
    {
        ArgumentNullException.ThrowIfNull(option);
        option.CompletionSources.Add(values);
        return option;
    }

    /// <summary>An option whose value is a member of <typeparamref name="T"/> (any case), with the same help and message.</summary>
    public static Option<T> Enum<T>(string name, string description, T defaultValue)
        where T : struct, Enum
    {
        var names = System.Enum.GetNames<T>();
        return new Option<T>(name)
        {
            Description = description,
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result =>
            {
                var token = result.Tokens is [var single] ? single.Value : "";
                if (System.Enum.TryParse<T>(token, ignoreCase: true, out var value) && System.Enum.IsDefined(value))
                {
                    return value;
                }

                result.AddError($"{name}: '{token}' is not one of {string.Join(", ", names)}.");
                return defaultValue;
            },
        };
    }
}
