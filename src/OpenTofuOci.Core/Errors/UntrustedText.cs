using System.Globalization;
using System.Text;

namespace OpenTofuOci.Core.Errors;

/// <summary>
/// Text that someone else chose (zip entry names, a registry's error code, message and detail, tag
/// names) on its way to a terminal or log: control characters are written as <c>\uXXXX</c>, so an
/// escape sequence in it (a window title, a cleared screen, a moved cursor) is shown, not obeyed.
/// </summary>
public static class UntrustedText
{
    /// <summary>
    /// <paramref name="text"/> with every control character (C0, DEL, C1) and every lone surrogate
    /// replaced by <c>\uXXXX</c>; a backslash followed by <c>u</c> becomes <c>\\u</c>, so the
    /// escaped form cannot be forged. Null stays null.
    /// </summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(text))]
    public static string? Escape(string? text)
    {
        if (text is null || !NeedsEscaping(text))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
            }
            else if (char.IsControl(c) || char.IsSurrogate(c))
            {
                builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else if (c == '\\' && i + 1 < text.Length && text[i + 1] == 'u')
            {
                builder.Append("\\\\");
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// A whole message on its way to a terminal, whatever part of it came from outside (an address as
    /// typed, a reason phrase, a file name): its lines stay lines, every other control character is
    /// escaped as by <see cref="Escape"/>. A message without one is returned as it is, so paths holding
    /// <c>\u</c> are not touched.
    /// </summary>
    public static string EscapeMessage(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var c in message)
        {
            if (c != '\n' && (char.IsControl(c) || char.IsSurrogate(c)))
            {
                return string.Join('\n', message.Split('\n').Select(line => Escape(line)));
            }
        }

        return message;
    }

    /// <summary>True when <paramref name="text"/> holds something <see cref="Escape"/> would change.</summary>
    public static bool NeedsEscaping(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsControl(c) || char.IsSurrogate(c) || (c == '\\' && i + 1 < text.Length && text[i + 1] == 'u'))
            {
                return true;
            }
        }

        return false;
    }
}
