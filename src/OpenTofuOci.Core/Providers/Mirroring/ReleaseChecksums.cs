using System.Text;
using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Core.Providers.Mirroring;

/// <summary>
/// A release's <c>SHA256SUMS</c>: <c>HEX  FILE</c> lines, read from a signed release or written from the
/// zips verified from an unsigned source (docs/opentofu-compatibility.md §9.5, §9.7). Unlike the lenient
/// reader provenance uses, a damaged line is an error here: the list comes from a source being checked.
/// </summary>
internal static class ReleaseChecksums
{
    /// <summary>File name to lower-case hex. A line that is not <c>HEX  NAME</c> is <see cref="ErrorIds.InvalidSourceResponse"/>.</summary>
    public static IReadOnlyDictionary<string, string> Parse(byte[] content, string location)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var raw in Encoding.UTF8.GetString(content).Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r');
            if (line.Trim().Length == 0)
            {
                continue;
            }

            // sha256sum's format: two spaces (text mode) or a space and '*' (binary mode) before the name.
            if (line.Length < 67 || line[64] != ' ' || (line[65] != ' ' && line[65] != '*') || !line[..64].All(Uri.IsHexDigit))
            {
                throw new TofuOciException(ErrorIds.InvalidSourceResponse, ErrorKind.InvalidData,
                    $"{UntrustedText.Escape(location)} line {lineNumber} is not \"<sha256 hex>  <file name>\": \"{UntrustedText.Escape(line.Length > 120 ? line[..120] + "…" : line)}\". The release's checksum list is damaged; ask the registry's operator.",
                    location);
            }

            result[line[66..]] = line[..64].ToLowerInvariant();
        }

        return result;
    }

    /// <summary>Lines for <paramref name="hexByName"/>, sorted by file name, as <c>sha256sum</c> writes them.</summary>
    public static byte[] Write(IEnumerable<KeyValuePair<string, string>> hexByName) =>
        Encoding.UTF8.GetBytes(string.Concat(hexByName.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Value}  {p.Key}\n")));
}
