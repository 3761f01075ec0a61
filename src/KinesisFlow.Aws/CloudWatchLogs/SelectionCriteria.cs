using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace KinesisFlow.Aws;

/// <summary>Builds the selectionCriteria of an account-level subscription filter policy.</summary>
public static class SelectionCriteria
{
    /// <summary>Largest criteria string the service accepts (25 KB of UTF-8).</summary>
    public const int MaxLength = 25 * 1024;

    /// <summary>
    /// <c>LogGroupName NOT IN ["a", "b"]</c>: the only criteria the service supports for subscription filter policies;
    /// exclude the log groups the consumer itself writes to, or its own logs would feed back into the stream.
    /// </summary>
    /// <exception cref="ArgumentException">No names, or the result is over <see cref="MaxLength"/>.</exception>
    public static string LogGroupNameNotIn(IEnumerable<string> logGroupNames)
    {
        ArgumentNullException.ThrowIfNull(logGroupNames);
        // Names appear as JSON strings; only what JSON requires is escaped (a quote is \", not \u0022), as people write them.
        var quoted = logGroupNames.Select(name => $"\"{JsonEncodedText.Encode(name, JavaScriptEncoder.UnsafeRelaxedJsonEscaping)}\"").ToList();
        if (quoted.Count == 0)
        {
            throw new ArgumentException("Give at least one log group name to exclude.", nameof(logGroupNames));
        }

        var criteria = $"LogGroupName NOT IN [{string.Join(", ", quoted)}]";
        var length = Encoding.UTF8.GetByteCount(criteria);
        return length <= MaxLength
            ? criteria
            : throw new ArgumentException($"The selection criteria are {length} bytes; the service takes at most {MaxLength}.", nameof(logGroupNames));
    }
}
