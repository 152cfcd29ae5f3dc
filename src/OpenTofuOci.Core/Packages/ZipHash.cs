using OpenTofuOci.Core.Oci;

namespace OpenTofuOci.Core.Packages;

/// <summary>
/// The <c>zh:</c> package hash: lowercase hex SHA-256 of the zip file's raw bytes
/// (docs/opentofu-compatibility.md §2.2). For an OCI layer it equals the layer digest's hex.
/// It exists only for archives: an unpacked directory has no <c>zh:</c>.
/// </summary>
public static class ZipHash
{
    /// <summary>Hashes a zip file (symlinks to it are followed), streaming.</summary>
    public static async Task<PackageHash> ComputeAsync(string zipPath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(zipPath);
        var file = DirHash.OpenZipFile(zipPath);
        await using (file.ConfigureAwait(false))
        {
            return await ComputeAsync(file, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Hashes the rest of a stream.</summary>
    public static async Task<PackageHash> ComputeAsync(Stream zip, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(zip);
        var digest = await Digest.ComputeAsync(zip, DigestAlgorithm.Sha256, cancellationToken).ConfigureAwait(false);
        return FromDigest(digest);
    }

    /// <summary>The <c>zh:</c> hash an OCI layer with this digest has; only sha256 digests have one.</summary>
    public static PackageHash FromDigest(Digest digest)
    {
        if (digest.Algorithm != DigestAlgorithm.Sha256)
        {
            throw new ArgumentException($"Only sha256 digests give a zh: hash, not {digest}.", nameof(digest));
        }

        return PackageHash.Create(PackageHash.ZipHashScheme, digest.Encoded);
    }
}
