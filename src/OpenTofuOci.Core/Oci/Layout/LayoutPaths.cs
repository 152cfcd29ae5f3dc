namespace OpenTofuOci.Core.Oci.Layout;

/// <summary>
/// File names inside a layout directory. Blob paths are built only from a parsed
/// <see cref="Digest"/>, whose algorithm is one of a fixed set and whose hex is validated, so a
/// crafted digest such as <c>sha256:../../x</c> can never name a file outside <c>blobs/</c>.
/// </summary>
internal sealed class LayoutPaths
{
    public LayoutPaths(string directory)
    {
        Directory = directory;
        Header = Path.Combine(directory, "oci-layout");
        Index = Path.Combine(directory, "index.json");
        IndexLock = Path.Combine(directory, "index.json.lock");
        Blobs = Path.Combine(directory, "blobs");
    }

    public string Directory { get; }
    public string Header { get; }
    public string Index { get; }
    public string IndexLock { get; }
    public string Blobs { get; }

    public string BlobDirectory(Digest digest) => Path.Combine(Blobs, digest.Algorithm.Name);

    public string Blob(Digest digest) => Path.Combine(Blobs, digest.Algorithm.Name, digest.Encoded);

    /// <summary>Validates the descriptor's digest (throws InvalidDigest) and names its blob file.</summary>
    public string Blob(Descriptor descriptor) => Blob(descriptor.ParsedDigest());
}
