namespace OpenTofuOci.Core.Providers.Provenance;

/// <summary>
/// The evidence of where a provider version came from, kept in the mirror as an OCI artifact whose
/// <c>subject</c> is the version's index: the release's checksum list, its signature and the key that
/// made it (signed sources), or the checksum list of what was verified from an unsigned source.
/// See docs/opentofu-compatibility.md §9.6.
/// </summary>
public sealed record ProviderProvenance
{
    /// <summary>The checksum list's file name (e.g. <c>terraform-provider-hello_1.0.0_SHA256SUMS</c>).</summary>
    public required string ChecksumsFileName { get; init; }

    /// <summary>The checksum list: the release's SHA256SUMS, or for unsigned sources one written from the verified zips.</summary>
    public required byte[] Checksums { get; init; }

    /// <summary>The detached OpenPGP signature over <see cref="Checksums"/>; null when the source was unsigned.</summary>
    public byte[]? Signature { get; init; }

    /// <summary>The armored public key that made <see cref="Signature"/>; null when unsigned.</summary>
    public string? SigningKey { get; init; }

    /// <summary>Where the release was read from (URL or path; no credentials).</summary>
    public required string Source { get; init; }

    /// <summary>The kind of source (<c>registry</c>, <c>network-mirror</c>, <c>directory</c>).</summary>
    public required string SourceKind { get; init; }

    /// <summary>
    /// The id of the key that made <see cref="Signature"/> (16 upper-case hex digits, as OpenTofu prints it), when
    /// the caller verified it; recorded as an annotation for people, never trusted by readers.
    /// </summary>
    public string? SignedBy { get; init; }

    /// <summary>
    /// When the provenance was taken, recorded as <c>org.opencontainers.image.created</c>; null leaves the
    /// annotation out. It is part of the artifact's digest, so a caller that wants a re-run to push nothing
    /// passes the same value each time (e.g. the signature's creation time), never the clock.
    /// </summary>
    public DateTimeOffset? Created { get; init; }

    /// <summary>True when the release carried a signature that verified.</summary>
    public bool IsSigned => Signature is not null;
}
