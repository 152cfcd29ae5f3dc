namespace OpenTofuOci.Core.Providers.Sources;

/// <summary>What a source says about one version's packages, before anything is verified.</summary>
/// <param name="Provider">The provider.</param>
/// <param name="Version">The version.</param>
/// <param name="Packages">One per platform asked for, sorted by OS then architecture.</param>
/// <param name="Checksums">The signed checksum list and its signature (origin registries); null for unsigned sources.</param>
public sealed record SourceRelease(ProviderAddress Provider, ProviderVersion Version, IReadOnlyList<SourcePackage> Packages, SourceChecksums? Checksums);

/// <summary>One platform's package at a source.</summary>
/// <param name="Platform">Its platform.</param>
/// <param name="FileName">The zip's file name (<c>terraform-provider-TYPE_VERSION_OS_ARCH.zip</c>): the layer title and the SHA256SUMS key.</param>
/// <param name="Location">Absolute download URL or full path (for a directory package of the unpacked layout, the directory).</param>
/// <param name="Sha256">The zip's sha256 in lower-case hex that the registry's download metadata states (<c>shasum</c>); null for mirrors.</param>
/// <param name="Hashes">The <c>zh:</c>/<c>h1:</c> hashes a network mirror or directory index lists; empty for registries.</param>
public sealed record SourcePackage(ProviderPlatform Platform, string FileName, string Location, string? Sha256, IReadOnlyList<Packages.PackageHash> Hashes);

/// <summary>A release's SHA256SUMS, its detached signature and the keys the registry says sign it.</summary>
/// <param name="FileName">The checksum file's name (from its URL, e.g. <c>terraform-provider-hello_1.0.0_SHA256SUMS</c>).</param>
/// <param name="Location">The SHA256SUMS URL.</param>
/// <param name="Content">The SHA256SUMS bytes.</param>
/// <param name="SignatureLocation">The signature URL.</param>
/// <param name="Signature">The signature bytes (armored or binary).</param>
/// <param name="PublicKeys">The ASCII-armored <c>gpg_public_keys</c> of the download metadata.</param>
public sealed record SourceChecksums(string FileName, string Location, byte[] Content, string SignatureLocation, byte[] Signature, IReadOnlyList<string> PublicKeys);
