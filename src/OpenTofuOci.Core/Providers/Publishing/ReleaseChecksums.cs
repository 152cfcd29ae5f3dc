using System.Buffers;
using System.Text;

namespace OpenTofuOci.Core.Providers.Publishing;

/// <summary>
/// A release's <c>SHA256SUMS</c> (<c>sha256sum</c>'s format: 64 hex digits, a space, a space or <c>*</c>,
/// the file name), read into file name → lower-case hex and written back from verified zips. One reader
/// serves every caller in two modes: <see cref="ParseLenient"/> skips lines of another shape and keeps a
/// name's first hash, as OpenTofu reads a release's checksums (docs/opentofu-compatibility.md §9.5);
/// <see cref="ParseStrict"/> refuses a damaged line, for lists that come from a release or a source being
/// checked (§9.7), and lets the caller say which error that is.
/// </summary>
public static class ReleaseChecksums
{
    // 64 hex digits, the separator pair, at least one character of file name.
    private const int HexLength = 64;
    private const int MinimumLineLength = HexLength + 3;

    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    /// <summary>Every well-formed line; a name listed twice keeps its first hash.</summary>
    public static IReadOnlyDictionary<string, string> ParseLenient(ReadOnlySpan<byte> content)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (_, line) in Lines(content))
        {
            if (IsWellFormed(line))
            {
                result.TryAdd(line[(HexLength + 2)..], line[..HexLength].ToLowerInvariant());
            }
        }

        return result;
    }

    /// <summary>
    /// Every line; blank lines are skipped, a name listed twice keeps its last hash, and any other line
    /// that is not <c>HEX  NAME</c> throws what <paramref name="malformed"/> makes of its (1-based) number and text.
    /// </summary>
    internal static IReadOnlyDictionary<string, string> ParseStrict(ReadOnlySpan<byte> content, Func<int, string, Exception> malformed)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (number, line) in Lines(content))
        {
            if (line.Trim().Length == 0)
            {
                continue;
            }

            if (!IsWellFormed(line))
            {
                throw malformed(number, line);
            }

            result[line[(HexLength + 2)..]] = line[..HexLength].ToLowerInvariant();
        }

        return result;
    }

    /// <summary>Lines for <paramref name="hexByName"/>, sorted by file name, as <c>sha256sum</c> writes them.</summary>
    internal static byte[] Write(IEnumerable<KeyValuePair<string, string>> hexByName) =>
        Encoding.UTF8.GetBytes(string.Concat(hexByName.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Value}  {p.Key}\n")));

    // Two spaces (text mode) or a space and '*' (binary mode) before the name.
    private static bool IsWellFormed(string line) =>
        line.Length >= MinimumLineLength && line[HexLength] == ' ' && (line[HexLength + 1] is ' ' or '*')
        && !line.AsSpan(0, HexLength).ContainsAnyExcept(HexDigits);

    // Lines end at "\n", "\r\n" or "\r", and a UTF-8 byte order mark is not part of the first line,
    // as a StreamReader reads them.
    private static List<(int Number, string Text)> Lines(ReadOnlySpan<byte> content)
    {
        var bom = Encoding.UTF8.Preamble;
        var text = Encoding.UTF8.GetString(content.StartsWith(bom) ? content[bom.Length..] : content);
        var lines = new List<(int, string)>();
        using var reader = new StringReader(text);
        while (reader.ReadLine() is { } line)
        {
            lines.Add((lines.Count + 1, line));
        }

        return lines;
    }
}
