using System.Xml.Linq;

namespace OpenTofuOci.PowerShell.Tests.Surface;

internal static class FormatFile
{
    /// <summary>The type names that have a view in the format file.</summary>
    public static IReadOnlySet<string> TypesWithView(string path) =>
        XDocument.Load(path).Descendants("View")
            .SelectMany(v => v.Elements("ViewSelectedBy").Elements("TypeName"))
            .Select(t => t.Value.Trim())
            .ToHashSet(StringComparer.Ordinal);
}
