namespace OpenTofuOci.Core.Packages;

/// <summary>Options for <see cref="DeterministicZipWriter"/>.</summary>
public sealed class DeterministicZipOptions
{
    /// <summary>
    /// Leaves paths out of the zip. It receives forward-slash paths relative to the source
    /// directory; directories end with <c>/</c> (<c>.git/</c>, <c>sub/.terraform/</c>), and an
    /// excluded directory is not entered.
    /// </summary>
    public Func<string, bool>? Exclude { get; init; }

    /// <summary>
    /// Deflate (default) or store. Stored zips are byte-identical on every runtime; deflated ones are
    /// identical for the same .NET compressor (its zlib build decides the exact bytes).
    /// </summary>
    public bool Compress { get; init; } = true;
}

/// <summary>One file to put into a deterministic zip.</summary>
/// <param name="EntryName">Forward-slash relative name inside the zip.</param>
/// <param name="SourcePath">The file to read.</param>
/// <param name="Executable">Stored as 0755 instead of 0644.</param>
public sealed record ZipSourceFile(string EntryName, string SourcePath, bool Executable = false);
