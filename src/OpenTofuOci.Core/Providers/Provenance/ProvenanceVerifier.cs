using System.Text;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Providers.Publishing;
using OpenTofuOci.Core.Signing;

namespace OpenTofuOci.Core.Providers.Provenance;

/// <summary>A version's provenance that was found signed and whose signature verified.</summary>
/// <param name="Artifact">The provenance artifact used.</param>
/// <param name="Signature">Who signed the checksum list, and when.</param>
/// <param name="Sha256ByFileName">The signed checksum list: file name → lower-case sha256 hex.</param>
public sealed record VerifiedProvenance(StoredProvenance Artifact, SignatureVerification Signature, IReadOnlyDictionary<string, string> Sha256ByFileName);

/// <summary>
/// What install and lock check when provenance is required (docs/opentofu-compatibility.md §9.6): a signed
/// provenance artifact refers to the version's index, its signature verifies, and each package is the one
/// its signed checksum list names.
/// </summary>
public static class ProvenanceVerifier
{
    /// <summary>
    /// Finds the newest signed provenance of the version's <paramref name="index"/> and verifies its signature:
    /// with <paramref name="trustedKeys"/> only when that ring is not empty, else with the artifact's own key.
    /// None is <see cref="ErrorIds.ProvenanceNotFound"/>; only unsigned ones is <see cref="ErrorIds.UnsignedRelease"/>;
    /// a signature that does not verify throws what <see cref="DetachedSignature.Verify"/> throws.
    /// </summary>
    public static async Task<VerifiedProvenance> VerifyAsync(IReadOnlyTarget target, ProviderAddress provider, ProviderVersion version, Descriptor index,
        OpenPgpKeyRing trustedKeys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(trustedKeys);
        var found = await ProvenanceStore.FindAsync(target, index, cancellationToken).ConfigureAwait(false);
        if (found.Count == 0)
        {
            throw new TofuOciException(ErrorIds.ProvenanceNotFound, ErrorKind.NotFound,
                $"Provider {provider} {version} in {target.DisplayName} has no provenance artifact referring to its index {index.Digest}, and {UserOption.RequireProvenance} asks for one. Mirror the version from its origin registry so its signed checksums are kept next to it, or leave out {UserOption.RequireProvenance}.",
                $"{target.DisplayName}@{index.Digest}");
        }

        var signed = found.FirstOrDefault(p => p.Provenance.IsSigned)
            ?? throw new TofuOciException(ErrorIds.UnsignedRelease, ErrorKind.InvalidData,
                $"Provider {provider} {version} in {target.DisplayName} has only unsigned provenance ({string.Join(", ", found.Select(p => p.Manifest.Digest))}, from {UntrustedText.Escape(found[0].Provenance.SourceKind)} {UntrustedText.Escape(found[0].Provenance.Source)}), and {UserOption.RequireProvenance} asks for a signed one. Mirror the version from its origin registry, which signs its releases, or leave out {UserOption.RequireProvenance}.",
                $"{target.DisplayName}@{found[0].Manifest.Digest}");

        var p = signed.Provenance;
        var subject = $"{UntrustedText.Escape(p.ChecksumsFileName)} in the provenance {signed.Manifest.Digest} of {provider} {version} ({target.DisplayName})";
        var keys = trustedKeys.IsEmpty
            ? OpenPgpKeyRing.Parse(Encoding.UTF8.GetBytes(p.SigningKey!), $"the signing key in the provenance {signed.Manifest.Digest} of {provider} {version}")
            : trustedKeys;
        var verification = DetachedSignature.Verify(p.Checksums, p.Signature, keys, subject);
        return new VerifiedProvenance(signed, verification, ReleaseChecksums.ParseLenient(p.Checksums));
    }

    /// <summary>
    /// Checks that the package's zip is the one the signed checksum list names for its file name
    /// (<see cref="ErrorIds.ProvenanceMismatch"/>, also when the list has no line for it).
    /// </summary>
    public static void CheckPackage(VerifiedProvenance verified, ProviderPackageMeta package, string source)
    {
        ArgumentNullException.ThrowIfNull(verified);
        ArgumentNullException.ThrowIfNull(package);
        var listed = verified.Sha256ByFileName.GetValueOrDefault(package.Filename);
        var actual = package.LayerDescriptor.Digest;
        if (listed is not null && string.Equals(actual, "sha256:" + listed, StringComparison.Ordinal))
        {
            return;
        }

        var sums = UntrustedText.Escape(verified.Artifact.Provenance.ChecksumsFileName);
        throw new TofuOciException(ErrorIds.ProvenanceMismatch, ErrorKind.InvalidData,
            listed is null
                ? $"Provider {package.Address} {package.Version} ({source}): the signed {sums} in provenance {verified.Artifact.Manifest.Digest} has no line for {UntrustedText.Escape(package.Filename)}, the {package.Platform} package; nothing was downloaded. The mirror's package is not one the provider's publisher signed: mirror the version again from its origin registry."
                : $"Provider {package.Address} {package.Version} ({source}): the {package.Platform} package {UntrustedText.Escape(package.Filename)} is {actual}, but the signed {sums} in provenance {verified.Artifact.Manifest.Digest} lists sha256:{listed}; nothing was downloaded. The mirror's package is not the one the provider's publisher signed: mirror the version again from its origin registry.",
            package.LayerDescriptor.Digest);
    }

    /// <summary>
    /// <c>zh:</c> hashes for every package of <paramref name="provider"/> <paramref name="version"/> the signed list
    /// names (<c>terraform-provider-TYPE_VERSION_*.zip</c>), sorted: what <c>tofu init</c> records from an origin registry.
    /// </summary>
    public static IReadOnlyList<string> ZipHashes(VerifiedProvenance verified, ProviderAddress provider, ProviderVersion version)
    {
        ArgumentNullException.ThrowIfNull(verified);
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(version);
        var prefix = $"terraform-provider-{provider.Type}_{version}_";
        return verified.Sha256ByFileName
            .Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal) && e.Key.EndsWith(".zip", StringComparison.Ordinal))
            .Select(e => "zh:" + e.Value)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
