namespace OpenTofuOci.Core.Oci.Targets;

/// <summary>Progress of a transfer in bytes, reported by copy, publish and install operations.</summary>
/// <param name="BytesDone">Bytes transferred or skipped so far.</param>
/// <param name="BytesTotal">Bytes expected in all (known up front from descriptors).</param>
/// <param name="ItemsDone">Manifests and blobs finished.</param>
/// <param name="ItemsTotal">Manifests and blobs in all.</param>
/// <param name="Current">What is being transferred now (a digest), if anything.</param>
public sealed record TransferProgress(long BytesDone, long BytesTotal, int ItemsDone, int ItemsTotal, string? Current)
{
    /// <summary>
    /// Install only: uncompressed bytes written so far by the extraction of the packages, which runs
    /// alongside a large package's download from a registry and otherwise follows it (for a large
    /// provider it ends after the download).
    /// </summary>
    public long UnpackedDone { get; init; }

    /// <summary>
    /// Install only: uncompressed bytes the packages being extracted declare; 0 until the first
    /// package's entries have been checked, and it grows as further packages reach extraction.
    /// </summary>
    public long UnpackedTotal { get; init; }
}
