namespace OpenTofuOci.Core.FileSystem;

/// <summary>
/// The directories an operation is about to create (the ones given and their missing parents), noted
/// before it starts, so that afterwards — after a failure, or after work that wrote nothing — those it
/// left empty can be removed again and nothing the user did not have before stays behind.
/// </summary>
internal sealed class CreatedDirectories
{
    private readonly List<string> _missing;

    private CreatedDirectories(List<string> missing) => _missing = missing;

    /// <summary>Notes which of <paramref name="directories"/> and their parents do not exist now.</summary>
    public static CreatedDirectories Before(IEnumerable<string> directories)
    {
        var missing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var start in directories)
        {
            for (var dir = Path.TrimEndingDirectorySeparator(start); dir is not null && !Directory.Exists(dir); dir = Path.GetDirectoryName(dir))
            {
                missing.Add(dir);
            }
        }

        // Deepest first, so a parent is empty by the time it is looked at.
        return new CreatedDirectories(missing.OrderByDescending(d => d.Length).ThenBy(d => d, StringComparer.Ordinal).ToList());
    }

    /// <summary>The noted directories, deepest first.</summary>
    public IReadOnlyList<string> Paths => _missing;

    /// <summary>Removes each noted directory that exists now and is empty (best effort, <see cref="Cleanup"/>).</summary>
    public void RemoveEmpty()
    {
        foreach (var dir in _missing)
        {
            Cleanup.DeleteIfEmpty(dir);
        }
    }
}
