using System.Text;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Packages;
using OpenTofuOci.Core.Providers.Sources;
using OpenTofuOci.Core.Signing;

namespace OpenTofuOci.Core.Providers.Mirroring;

/// <summary>
/// The checks OpenTofu makes on a release before it trusts a package, made here before anything is
/// published (docs/opentofu-compatibility.md §9.5, §9.7): the checksum list's signature by one of the
/// registry's keys (and of the trusted keys, when given), each package listed in it, and each downloaded
/// zip equal to both the list and the download metadata; for unsigned sources, the <c>zh:</c> and
/// <c>h1:</c> hashes their index lists.
/// </summary>
internal static class ReleaseVerification
{
    /// <summary>
    /// The signature over <paramref name="checksums"/>, verified with the registry's keys and, when
    /// <paramref name="trusted"/> is given, with those keys too, so the signer must be in both.
    /// </summary>
    public static SignatureVerification VerifySignature(SourceChecksums checksums, OpenPgpKeyRing? trusted, string source)
    {
        var registryKeys = OpenPgpKeyRing.Combine(checksums.PublicKeys.Select((k, i) =>
            OpenPgpKeyRing.Parse(Encoding.UTF8.GetBytes(k), $"signing key {i + 1} of {source}")));
        var verified = DetachedSignature.Verify(checksums.Content, checksums.Signature, registryKeys, checksums.Location);
        return trusted is null ? verified : DetachedSignature.Verify(checksums.Content, checksums.Signature, trusted, checksums.Location);
    }

    /// <summary>
    /// Before downloading: every package must have a line in the signed list, and the list and the
    /// download metadata must agree on it.
    /// </summary>
    public static void CheckListed(SourcePackage package, IReadOnlyDictionary<string, string> sums, SourceChecksums checksums)
    {
        if (!sums.TryGetValue(package.FileName, out var listed))
        {
            throw new TofuOciException(ErrorIds.ChecksumNotListed, ErrorKind.InvalidData,
                $"{UntrustedText.Escape(checksums.Location)} has no line for {UntrustedText.Escape(package.FileName)} ({package.Platform}), so the signature does not vouch for that package. "
                + "The release is incomplete or its download metadata names another file; nothing of this version was published. Ask the registry's operator.",
                package.Location);
        }

        if (package.Sha256 is { } stated && !string.Equals(stated, listed, StringComparison.OrdinalIgnoreCase))
        {
            throw Mismatch(package, $"the registry's download metadata says shasum {UntrustedText.Escape(stated.ToLowerInvariant())} but {UntrustedText.Escape(checksums.Location)} lists {listed}");
        }
    }

    /// <summary>After downloading from a registry: the zip's sha256 must be the metadata's shasum and the signed list's line.</summary>
    public static void CheckSigned(SourcePackage package, string actualHex, IReadOnlyDictionary<string, string> sums, SourceChecksums checksums)
    {
        if (package.Sha256 is { } stated && !string.Equals(stated, actualHex, StringComparison.OrdinalIgnoreCase))
        {
            throw Mismatch(package, $"the downloaded zip's sha256 is {actualHex} but the registry's download metadata says {UntrustedText.Escape(stated.ToLowerInvariant())}");
        }

        if (!string.Equals(sums[package.FileName], actualHex, StringComparison.Ordinal))
        {
            throw Mismatch(package, $"the downloaded zip's sha256 is {actualHex} but {UntrustedText.Escape(checksums.Location)} lists {sums[package.FileName]}");
        }
    }

    /// <summary>
    /// After downloading from a network mirror or directory: every <c>zh:</c> hash its index lists must be
    /// the zip's sha256, and every <c>h1:</c> hash the hash of its unpacked content (unpacked safely in a
    /// private temporary directory). Other schemes are ignored, as OpenTofu ignores them.
    /// </summary>
    public static async Task CheckHashesAsync(SourcePackage package, string zipPath, string actualHex, string index, CancellationToken cancellationToken)
    {
        PackageHash? h1 = null;
        foreach (var listed in package.Hashes)
        {
            if (listed.Scheme == PackageHash.ZipHashScheme && !string.Equals(listed.Value, actualHex, StringComparison.OrdinalIgnoreCase))
            {
                throw HashMismatch(package, index, listed, $"the downloaded zip's sha256 is {actualHex}");
            }

            if (listed.Scheme == PackageHash.H1Scheme)
            {
                h1 ??= await DirHash.HashZipAsync(zipPath, cancellationToken).ConfigureAwait(false);
                if (!listed.Matches(h1.Value))
                {
                    throw HashMismatch(package, index, listed, $"the package's content hashes to {h1.Value}");
                }
            }
        }
    }

    private static TofuOciException Mismatch(SourcePackage package, string detail) =>
        new(ErrorIds.ChecksumMismatch, ErrorKind.InvalidData,
            $"{UntrustedText.Escape(package.Location)} ({package.Platform}) does not match its release: {detail}. The package is damaged or was replaced; nothing of this version was published. Try again later or ask the registry's operator.",
            package.Location);

    private static TofuOciException HashMismatch(SourcePackage package, string index, PackageHash listed, string detail) =>
        new(ErrorIds.SourceHashMismatch, ErrorKind.InvalidData,
            $"{UntrustedText.Escape(package.Location)} ({package.Platform}) does not match {UntrustedText.Escape(listed.ToString())}, which {UntrustedText.Escape(index)} lists for it: {detail}. "
            + "The package or the index is damaged; nothing of this version was published. Write the mirror again (tofu providers mirror) or ask its operator.",
            package.Location);
}
