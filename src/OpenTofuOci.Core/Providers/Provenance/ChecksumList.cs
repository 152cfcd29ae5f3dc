using System.Text;

namespace OpenTofuOci.Core.Providers.Provenance;

/// <summary>
/// Reads a <c>SHA256SUMS</c> file (<c>sha256sum</c>'s format: 64 hex digits, a space, a space or <c>*</c>,
/// the file name) into file name → lower-case hex. Lines of another shape are skipped, as OpenTofu skips
/// them when it reads a release's checksums (docs/opentofu-compatibility.md §9.5).
/// </summary>
public static class ChecksumList
{
    /// <summary>Every well-formed line; a name listed twice keeps its first hash.</summary>
    public static IReadOnlyDictionary<string, string> Parse(ReadOnlySpan<byte> content)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in Encoding.UTF8.GetString(content).Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length < 67 || line[64] != ' ' || line[65] is not (' ' or '*'))
            {
                continue;
            }

            var hex = line[..64];
            if (!hex.All(Uri.IsHexDigit))
            {
                continue;
            }

            result.TryAdd(line[66..], hex.ToLowerInvariant());
        }

        return result;
    }
}
