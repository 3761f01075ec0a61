using System.Text;

namespace KinesisFlow.Infra.Tests.Docs;

/// <summary>
/// Splits a documented shell command into words as sh would (quotes, backslash continuations already joined), and stops
/// at a redirection, pipe or command separator: enough to check the command lines the docs show.
/// </summary>
public static class ShellWords
{
    public static List<string> Split(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        char? quote = null;
        foreach (var c in line)
        {
            if (quote is { } q)
            {
                if (c == q)
                {
                    quote = null;
                }
                else
                {
                    word.Append(c);
                }

                continue;
            }

            if (c is '"' or '\'')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                Flush();
            }
            else if (c is '>' or '<' or '|' or ';' or '&' or '#' && !inWord)
            {
                break;
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }

        Flush();
        return words;

        void Flush()
        {
            if (inWord)
            {
                words.Add(word.ToString());
                word.Clear();
                inWord = false;
            }
        }
    }

    /// <summary>The commands of a ```sh block: continuation lines joined, comments and blank lines dropped.</summary>
    public static IEnumerable<string> Commands(string block)
    {
        ArgumentNullException.ThrowIfNull(block);
        var pending = "";
        foreach (var raw in block.Split('\n'))
        {
            var line = raw.TrimEnd();
            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }

            var command = (pending + line).Trim();
            pending = "";
            if (command.Length > 0 && !command.StartsWith('#'))
            {
                yield return command;
            }
        }
    }
}
