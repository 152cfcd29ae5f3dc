using System.Text;
using OpenTofuOci.Core.FileSystem;

namespace OpenTofuOci.Core.RootModules;

/// <summary>
/// Changes <c>module</c> sources in place, touching nothing but the string literal of each <c>source</c>
/// (HCL and JSON syntax alike), and refusing when a file changed since it was read
/// (docs/opentofu-compatibility.md §11).
/// </summary>
public static class ModuleSourceRewriter
{
    /// <summary>
    /// The rewrites that map every call whose source is a key of <paramref name="newSourceByOldSource"/>
    /// (compared as written) to its value, in <see cref="RootModule.ModuleCalls"/> order.
    /// </summary>
    /// <remarks>
    /// Keys are whole sources as written, <c>//subdir</c> and <c>?tag=</c>/<c>?digest=</c> included: the caller
    /// decides the whole new source. A call whose new source equals its old one, and a literal that an earlier call
    /// already covers (a local module called twice is read twice), get no rewrite.
    /// </remarks>
    public static IReadOnlyList<ModuleSourceRewrite> Plan(RootModule module, IReadOnlyDictionary<string, string> newSourceByOldSource)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(newSourceByOldSource);
        var rewrites = new List<ModuleSourceRewrite>();
        var planned = new HashSet<(string, int)>();
        foreach (var call in module.ModuleCalls)
        {
            if (!newSourceByOldSource.TryGetValue(call.Source, out var newSource)
                || string.Equals(newSource, call.Source, StringComparison.Ordinal)
                || !planned.Add((call.SourceLocation.File, call.SourceLocation.Offset)))
            {
                continue;
            }

            rewrites.Add(new ModuleSourceRewrite(call.ModulePath, call.Name, call.SourceLocation, call.Source, newSource)
            {
                FileDigest = module.FileDigests.GetValueOrDefault(call.SourceLocation.File),
            });
        }

        return rewrites;
    }

    /// <summary>
    /// Writes <paramref name="rewrites"/>, each file atomically. Every file is checked before any is written, so a
    /// file that changed (<c>ConfigurationChanged</c>) leaves all of them as they were.
    /// </summary>
    public static async Task ApplyAsync(IReadOnlyList<ModuleSourceRewrite> rewrites, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rewrites);
        cancellationToken.ThrowIfCancellationRequested();
        var planned = new List<(string Path, byte[] Bytes)>();
        foreach (var group in rewrites.GroupBy(r => r.Location.File, StringComparer.Ordinal))
        {
            planned.Add((group.Key, await RewriteAsync(group.Key, [.. group], cancellationToken).ConfigureAwait(false)));
        }

        foreach (var (path, bytes) in planned)
        {
            cancellationToken.ThrowIfCancellationRequested();
            UnixFileMode? mode = OperatingSystem.IsWindows() ? null : File.GetUnixFileMode(path);
            await AtomicFile.WriteAsync(path, bytes, mode, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<byte[]> RewriteAsync(string path, IReadOnlyList<ModuleSourceRewrite> rewrites, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw ConfigurationErrors.Changed(path, $"the file cannot be read any more ({ex.Message})");
        }

        var digest = ConfigurationFile.Digest(bytes);
        if (rewrites.FirstOrDefault(r => r.FileDigest is not null && !string.Equals(r.FileDigest, digest, StringComparison.Ordinal)) is not null)
        {
            throw ConfigurationErrors.Changed(path, "the file changed");
        }

        string text;
        try
        {
            text = ConfigurationFile.Decode(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw ConfigurationErrors.Changed(path, "the file is no longer UTF-8 text");
        }

        var json = ConfigurationFile.IsJsonPath(path);
        var result = new StringBuilder(text);
        var seen = new HashSet<int>();
        foreach (var rewrite in rewrites.OrderByDescending(r => r.Location.Offset))
        {
            if (!seen.Add(rewrite.Location.Offset))
            {
                continue;
            }

            var at = rewrite.Location;
            var literal = at.Offset >= 0 && at.Length >= 2 && at.Offset + at.Length <= text.Length ? text.Substring(at.Offset, at.Length) : null;
            if (literal is null || literal[0] != '"' || literal[^1] != '"'
                || (rewrite.FileDigest is null && !SpellsSource(literal, rewrite.OldSource, json)))
            {
                throw ConfigurationErrors.Changed(path, $"the source of module \"{rewrite.Name}\" at {at} is no longer \"{rewrite.OldSource}\"");
            }

            result.Remove(at.Offset, at.Length).Insert(at.Offset, SourceLiteral.Quote(rewrite.NewSource, json));
        }

        return ConfigurationFile.Encode(result.ToString());
    }

    /// <summary>Whether <paramref name="literal"/> is <paramref name="source"/> as it would be written (plainly or quoted by us).</summary>
    private static bool SpellsSource(string literal, string source, bool json) =>
        string.Equals(literal[1..^1], source, StringComparison.Ordinal) || string.Equals(literal, SourceLiteral.Quote(source, json), StringComparison.Ordinal);
}
