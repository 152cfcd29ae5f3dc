namespace OpenTofuOci.Core.RootModules;

/// <summary>
/// Which files of a module directory OpenTofu reads (its <c>configs.Parser.dirFiles</c>), in name order
/// (docs/opentofu-compatibility.md §11): <c>.tf</c>, <c>.tofu</c>, <c>.tf.json</c>, <c>.tofu.json</c>; a
/// <c>.tofu</c> file hides the <c>.tf</c> of the same name and <c>.tofu.json</c> the <c>.tf.json</c>; hidden and
/// editor files (<c>.name</c>, <c>name~</c>, <c>#name#</c>) are skipped; <c>override</c> and <c>*_override</c>
/// files are kept apart, to merge over the others.
/// </summary>
internal static class ModuleDirectory
{
    private static readonly string[] Extensions = [".tofu.json", ".tf.json", ".tofu", ".tf"];

    /// <summary>The primary and override files of <paramref name="directory"/>, each list in ordinal name order.</summary>
    public static (IReadOnlyList<string> Primary, IReadOnlyList<string> Override) List(string directory)
    {
        var names = new List<string>();
        try
        {
            foreach (var path in Directory.EnumerateFiles(directory))
            {
                var name = Path.GetFileName(path);
                if (!IsIgnored(name) && ExtensionOf(name) is not null)
                {
                    names.Add(name);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw ConfigurationErrors.Invalid(directory, directory, $"the module directory cannot be listed ({ex.Message})",
                "check that it exists and that you may read it", ex);
        }

        var present = names.ToHashSet(StringComparer.Ordinal);
        names.Sort(StringComparer.Ordinal);
        var primary = new List<string>();
        var overrides = new List<string>();
        foreach (var name in names)
        {
            var extension = ExtensionOf(name)!;
            if (extension is ".tf" or ".tf.json" && present.Contains(name[..^extension.Length] + (extension == ".tf" ? ".tofu" : ".tofu.json")))
            {
                continue;
            }

            var stem = name[..^extension.Length];
            (stem == "override" || stem.EndsWith("_override", StringComparison.Ordinal) ? overrides : primary).Add(Path.Combine(directory, name));
        }

        return (primary, overrides);
    }

    /// <summary>OpenTofu's <c>IsIgnoredFile</c>: Unix hidden files, vim backups, emacs autosaves.</summary>
    public static bool IsIgnored(string name) =>
        name.StartsWith('.') || name.EndsWith('~') || (name.Length > 1 && name.StartsWith('#') && name.EndsWith('#'));

    private static string? ExtensionOf(string name) =>
        Extensions.FirstOrDefault(e => name.Length > e.Length && name.EndsWith(e, StringComparison.Ordinal));
}
