using OpenTofuOci.HelpCompiler.Model;

namespace OpenTofuOci.HelpCompiler.Output;

/// <summary>
/// Writes an about topic as the plain text Get-Help shows: TOPIC, the name, SHORT DESCRIPTION and
/// the sections in capitals, text indented by four and wrapped at 80 columns, code indented further.
/// </summary>
internal static class AboutTopicWriter
{
    public const int Width = 80;

    public static string Write(AboutTopic topic)
    {
        var lines = new List<string> { "TOPIC", "    " + topic.Name };
        foreach (var section in topic.Sections)
        {
            lines.Add(string.Empty);
            if (section.Level == 2)
            {
                lines.Add(section.Title.ToUpperInvariant());
            }
            else
            {
                lines.Add("  " + section.Title);
            }

            if (section.Level == 2 && section.Title.Equals("Short description", StringComparison.OrdinalIgnoreCase))
            {
                // Get-Help takes the 5th line of the file as the topic's synopsis, so the short
                // description stays on that one line, however long.
                lines.Add("    " + section.Body[0].Text);
                continue;
            }

            lines.AddRange(TextLayout.Wrapped(section.Body, 4, Width));
        }

        return string.Join('\n', lines) + "\n";
    }
}
